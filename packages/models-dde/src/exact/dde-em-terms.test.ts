import { createRng } from '@latentkit/core';
import { ddeTwoLayer } from '@latentkit/datasets';
import { describe, expect, it } from 'vitest';
import { ddeDefaults, type DdeParams } from '../dde-params.js';
import { defaultPenalty } from '../dde-resolve.js';
import { exactLogLikelihood } from '../likelihood/enumeration.js';
import { prepareFor, truthState } from '../likelihood/test-support.js';
import { ddeEmTerms } from './dde-em-terms.js';
import type { DdeEmWiring } from './em-wiring.js';
import { maximiseTopOnly, recordingBuilder, type RecordedStats } from './test-support.js';
import { tlpPenalty } from './tlp-penalty.js';

const { data, truth } = ddeTwoLayer({ n: 150, likelihood: 'bernoulli', seed: 61 });
const truthOf = () => truthState(truth, data.columns);
const params: DdeParams = { ...ddeDefaults, layers: [6, 2] };
// Start from the truth with wrong top probabilities; the stand-in M-step re-estimates only those.
const wiring: DdeEmWiring = {
  createStatsBuilder: recordingBuilder,
  maximise: maximiseTopOnly,
  initialState: () => ({ ...truthOf(), topProbabilities: [0.9, 0.15] }),
};

describe('ddeEmTerms', () => {
  it('E-step: every row’s posterior weights sum to 1 over all 256 joint states, objective = exact mean log-likelihood − TLP/N', async () => {
    const terms = ddeEmTerms(params, wiring);
    const prepared = terms.prepare(data);
    const state = terms.init(prepared, createRng(0));
    const { stats, objective } = await terms.eStep(state, prepared);
    const recorded = stats as RecordedStats;
    for (const w of recorded.rowWeight) expect(w).toBeCloseTo(1, 12);
    expect(recorded.totalWeight).toBeCloseTo(data.nRows, 9);
    expect(recorded.adds).toBeLessThanOrEqual(data.nRows * 256);
    const exact = exactLogLikelihood(state, prepareFor(state, data), 2 ** 8).reduce((a, b) => a + b, 0);
    const { lambda, tau } = defaultPenalty(data.nRows);
    expect(objective).toBeCloseTo((exact - tlpPenalty(state, [lambda], [tau])) / data.nRows, 10);
  });

  it('EM with an exact partial M-step never decreases the objective and moves p toward the truth (0.5, 0.5)', async () => {
    const terms = ddeEmTerms(params, wiring);
    const prepared = terms.prepare(data);
    let state = terms.init(prepared, createRng(0));
    const objectives: number[] = [];
    for (let t = 0; t < 15; t++) {
      const { stats, objective } = await terms.eStep(state, prepared);
      objectives.push(objective);
      state = terms.mStep(state, stats, prepared);
    }
    for (let t = 1; t < objectives.length; t++) expect(objectives[t]).toBeGreaterThanOrEqual(objectives[t - 1] - 1e-12);
    expect(objectives.at(-1)! - objectives[0]).toBeGreaterThan(0.1);
    // Sampling error of a proportion with N = 150 rows: SE ≈ 0.04; allow 0.15.
    for (const p of state.topProbabilities) expect(Math.abs(p - 0.5)).toBeLessThan(0.15);
  });

  it('refuses in prepare when 2^(ΣK) exceeds maxStates, in one line', () => {
    const terms = ddeEmTerms({ ...params, layers: [12, 4], maxStates: 2 ** 12 }, wiring);
    expect(() => terms.prepare(data)).toThrow(/^dde\/dde: exact enumeration needs 2\^16 = 65536 joint latent states .*maxStates = 4096[^\n]*$/);
  });
});
