import { dataHash, initBackend } from '@latentkit/core';
import { cavi, em } from '@latentkit/inference';
import { createRegistry, type SavedModel } from '@latentkit/registry';
import { expectClose, toyMixtureData, type ToyMixtureDataOptions } from '@latentkit/testing';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { bayesianGmm, gmm, type FittedBgm } from './index.js';

/** A committed format-1 file (written by the code of commit 741261d) and what the model gave when it was saved. */
function fixture(name: string): {
  saved: SavedModel;
  expected: { data: ToyMixtureDataOptions; score: number; scores: Record<string, number>; transform: number[] };
} {
  const read = (file: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/v1/${file}`, import.meta.url), 'utf8'));
  return { saved: read(`${name}.json`), expected: read(`${name}.expected.json`) };
}

/** The data every fixture was fitted to, as its `*.expected.json` records it. */
const data = toyMixtureData(fixture('gmm-full').expected.data);

const registry = () => createRegistry().register(gmm, bayesianGmm, em, cavi);

beforeAll(async () => {
  await initBackend();
});

describe('saved mixture models of format 1', () => {
  for (const name of ['gmm-full', 'gmm-diag', 'bayesian-gmm']) {
    it(`${name}: loads and gives the score, scores and transform it gave when saved`, () => {
      const { saved, expected } = fixture(name);
      expect(saved.formatVersion).toBe(1);
      const loaded = registry().load(saved, `${name}.json`);
      // The state is float64 JSON, loaded exactly; scoring recomputes the E-step in float32 (~1e-7 relative).
      expectClose(loaded.score(data), expected.score, { rtol: 1e-6, atol: 0, label: `${name} score` });
      for (const [k, v] of Object.entries(expected.scores)) expectClose(loaded.scores(data)[k], v, { rtol: 1e-6, atol: 0, label: `${name} ${k}` });
      expectClose(loaded.transform(data).values, expected.transform, { rtol: 1e-6, atol: 1e-7, label: `${name} transform` });
      expect(loaded.trace).toEqual(saved.fit.trace);
      expect([loaded.iterations, loaded.converged, loaded.fixedIterations]).toEqual([saved.fit.iterations, saved.fit.converged, false]);
      // Saved again, it is format 2 with the same state; format 1 has no provenance to carry over.
      const again = loaded.toJSON();
      expect(again.formatVersion).toBe(2);
      expect(again.state).toEqual(saved.state);
      expect(again.provenance).toBeUndefined();
    });
  }

  it('names the field when a format-1 file has a broken state', () => {
    const { saved } = fixture('gmm-full');
    const state = saved.state as { weights: number[] };
    expect(() => registry().load({ ...saved, state: { ...state, weights: [0.5, 0.6] } })).toThrow(
      'mixture/gmm model file: state.weights sum to 1.1; expected 1 (within 0.000001)',
    );
  });
});

describe('saved mixture models of format 2', () => {
  it('carry provenance (packages, backend, dataHash of the training data) and the engine parameters', async () => {
    const fitted = await registry().create('mixture/gmm', { nComponents: 2, maxIter: 7 }).fit(data, { seed: 1, tol: 1e-4 });
    const saved = JSON.parse(JSON.stringify(fitted.toJSON())) as SavedModel;
    expect(saved.formatVersion).toBe(2);
    expect(saved.fit.engineParams).toEqual({ maxIter: 7, tol: 1e-4 });
    const p = saved.provenance!;
    expect(p.dataHash).toBe(dataHash(data));
    expect(p.packages[pkg.name]).toBe(pkg.version);
    expect(p.packages['@latentkit/inference']).toMatch(/^\d+\.\d+\.\d+/);
    expect(p.packages['@latentkit/registry']).toMatch(/^\d+\.\d+\.\d+/);
    expect(p.backend).toMatch(/^(wasm|cpu|tensorflow)$/);
    const loaded = registry().load(saved);
    expect(loaded.toJSON().provenance).toEqual(p);
    expect(loaded.score(data)).toBe(fitted.score(data));
  });

  it('BGM keeps its lower bound through a save and load', async () => {
    const fitted = (await registry().create('mixture/bayesian-gmm', { nComponents: 3, maxIter: 10 }).fit(data, { seed: 1 })) as FittedBgm;
    const loaded = registry().load(JSON.parse(JSON.stringify(fitted.toJSON()))) as unknown as FittedBgm;
    expect(Number.isFinite(fitted.lowerBound)).toBe(true);
    expect(loaded.lowerBound).toBe(fitted.lowerBound);
  });
});
