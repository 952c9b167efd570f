import { createRng, type Rng } from '@latentkit/core';
import { ddeTwoLayer, type DdeTwoLayerTruth } from '@latentkit/datasets';
import { describe, expect, it } from 'vitest';
import { ddeDefaults } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';
import type { DdeStats } from '../stats/dde-stats.js';
import type { DdeChain } from '../sampling/dde-chain.js';
import { gibbsSweep } from '../sampling/gibbs-sweep.js';
import { ddeSaemTerms, type DdeSaemPrepared } from './dde-saem-terms.js';

const N = 2000;
const { data, truth } = ddeTwoLayer({ n: N, likelihood: 'bernoulli', seed: 51 });
const terms = ddeSaemTerms({ ...ddeDefaults, layers: [6, 2] });
const prepared: DdeSaemPrepared = terms.prepare(data);

const stateOf = (b1: number[][], b2: number[][], p: number[]): DdeState => ({
  layers: [
    { coefficients: b1, graph: b1.map((r) => r.slice(1).map((v) => (v !== 0 ? 1 : 0))) },
    { coefficients: b2, graph: b2.map((r) => r.slice(1).map((v) => (v !== 0 ? 1 : 0))) },
  ],
  topProbabilities: p,
  families: prepared.data.families,
  columns: prepared.data.columns,
});

/** The SAEM loop written out: simulate → average with γ = 1/t → maximise, `iterations` times. */
async function saem(start: DdeState, rng: Rng, iterations: number): Promise<{ state: DdeState; changes: number[] }> {
  let state = start;
  // The chain starts from zeros, burnt in by 5 Gibbs sweeps at the starting parameters (as `init` does): the first
  // sweep draws the top layer given A1 = 0, and averaging that draw in would flatten B2 for good.
  let chain: DdeChain = { latents: [new Uint8Array(N * 6), new Uint8Array(N * 2)] };
  for (let b = 0; b < 5; b++) chain = gibbsSweep(start, chain, prepared.data, rng);
  let running: DdeStats | undefined;
  const changes: number[] = [];
  for (let t = 1; t <= iterations; t++) {
    const sim = await terms.simulate(state, chain, prepared, rng, { sampler: 'gibbs', samples: 1 });
    chain = sim.chain;
    running = terms.average(running, sim.stats, 1 / t);
    const next = terms.maximise(state, running, prepared).state;
    changes.push(terms.change(state, next));
    state = next;
  }
  return { state, changes };
}

/** Accuracy of G over G1 and G2 together and RMSE over (p, B1, B2) (ALGORITHMS.md §2.8), no relabelling needed from these starts. */
function score(state: DdeState, t: DdeTwoLayerTruth): { accuracy: number; rmse: number } {
  let match = 0;
  let total = 0;
  let se = 0;
  let count = 0;
  [t.b1, t.b2].forEach((b, d) =>
    b.forEach((row, c) =>
      row.forEach((v, k) => {
        const est = state.layers[d].coefficients[c][k];
        se += (est - v) ** 2;
        count++;
        if (k > 0) {
          match += (v !== 0) === (state.layers[d].graph[c][k - 1] === 1) ? 1 : 0;
          total++;
        }
      }),
    ),
  );
  t.p.forEach((p, l) => {
    se += (state.topProbabilities[l] - p) ** 2;
    count++;
  });
  return { accuracy: match / total, rmse: Math.sqrt(se / count) };
}

describe('SAEM with the Gibbs sampler on ddeTwoLayer (N = 2000, Bernoulli, 30 iterations)', () => {
  it('from the true parameters keeps accuracy of G ≥ 0.95 and RMSE well under 0.5', async () => {
    const { state, changes } = await saem(stateOf(truth.b1, truth.b2, truth.p), createRng(1), 30);
    const s = score(state, truth);
    console.log(`from truth: accuracy ${s.accuracy.toFixed(3)}, RMSE ${s.rmse.toFixed(3)}, last change ${changes.at(-1)!.toExponential(2)}`);
    expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(s.rmse).toBeLessThan(0.3);
    // With γ = 1/t the running statistics settle: the last changes are far below the first ones.
    expect(changes.at(-1)!).toBeLessThan(changes[0]);
  });

  it('from a perturbed start (every coefficient ± U(−0.75, 0.75), full graph, p = 0.35/0.65) recovers G and the parameters', async () => {
    const rng = createRng(2);
    const jitter = (b: number[][]): number[][] => b.map((row) => row.map((v) => v + 1.5 * (rng.uniform() - 0.5)));
    const { state } = await saem(stateOf(jitter(truth.b1), jitter(truth.b2), [0.35, 0.65]), createRng(3), 30);
    const s = score(state, truth);
    console.log(`from a perturbed start: accuracy ${s.accuracy.toFixed(3)}, RMSE ${s.rmse.toFixed(3)}`);
    expect(s.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(s.rmse).toBeLessThan(0.3);
  });
});

// Speed is measured by `pnpm bench --only dde-saem` (ms per SAEM iteration, README), not asserted in a test.
