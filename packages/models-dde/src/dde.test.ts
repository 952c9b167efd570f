import { createRng, type DenseDataset } from '@latentkit/core';
import { ddeTwoLayer } from '@latentkit/datasets';
import { em, saem } from '@latentkit/inference';
import { graphAccuracy } from '@latentkit/metrics';
import { createRegistry } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { dde } from './dde.js';
import type { DdeState } from './dde-state.js';

const registry = createRegistry().register(dde, saem, em);
const stateOf = (fitted: { toJSON(): unknown }) => (fitted.toJSON() as { state: DdeState }).state;
const graphs = (layers: readonly { readonly graph: readonly (readonly number[])[] }[]) => layers.map((l) => l.graph.map((r) => [...r]));

describe('dde/dde fitted through the registry', () => {
  // The CI-sized version of the README's simulation table (tooling/experiments/dde-simulations.mjs): the
  // two-layer Bernoulli design at N = 4000, seeds 51–53 (the reference scripts' rng(50 + c)). Measured 0.967–1.000
  // per seed with the default Gibbs schedule; the bar is a mean of at least 0.95.
  it('SAEM (Gibbs, defaults) recovers G on the two-layer Bernoulli design at N = 4000: mean accuracy ≥ 0.95', async () => {
    const accuracies: number[] = [];
    for (const seed of [51, 52, 53]) {
      const { data, truth } = ddeTwoLayer({ n: 4000, likelihood: 'bernoulli', seed });
      const fitted = await registry.create('dde/dde', { likelihood: 'bernoulli', layers: [6, 2] }).fit(data, { seed: 1 });
      accuracies.push(graphAccuracy(graphs(truth.layers), graphs(stateOf(fitted).layers)).value);
      expect(fitted.toJSON().fit.engineParams).toMatchObject({ sampler: 'gibbs', burnIn: 25, minIter: 30, patience: 3 });
      fitted.dispose();
    }
    console.log(`accuracy of G per seed: ${accuracies.map((a) => a.toFixed(3)).join(', ')}`);
    expect(accuracies.reduce((a, b) => a + b, 0) / accuracies.length).toBeGreaterThanOrEqual(0.95);
  });

  it('Poisson and Normal designs at N = 2000: accuracy ≥ 0.97 (measured 0.99–1.00)', async () => {
    for (const likelihood of ['poisson', 'normal'] as const) {
      const { data, truth } = ddeTwoLayer({ n: 2000, likelihood, seed: 51 });
      const fitted = await registry.create('dde/dde', { likelihood, layers: [6, 2] }).fit(data, { seed: 1 });
      expect(graphAccuracy(graphs(truth.layers), graphs(stateOf(fitted).layers)).value).toBeGreaterThanOrEqual(0.97);
      fitted.dispose();
    }
  });

  it('exact penalised EM (inference/em) never decreases its objective and recovers G at N = 1000', async () => {
    const { data, truth } = ddeTwoLayer({ n: 1000, likelihood: 'bernoulli', seed: 51 });
    const fitted = await registry.create('dde/dde', { likelihood: 'bernoulli', layers: [6, 2], maxIter: 30 }).fit(data, { seed: 1, engine: 'inference/em' });
    const objectives = fitted.trace.map((t) => t.objective);
    for (let t = 1; t < objectives.length; t++) expect(objectives[t]).toBeGreaterThanOrEqual(objectives[t - 1] - 1e-9);
    expect(graphAccuracy(graphs(truth.layers), graphs(stateOf(fitted).layers)).value).toBeGreaterThanOrEqual(0.9);
  });

  it('mixed responses: Bernoulli and Normal columns share A^(1) (likelihoods map) and recover G', async () => {
    // Columns x1–x9 as the Bernoulli design drew them; x10–x18 redrawn as N(η_j, 1) from the same A^(1) and B^(1).
    const b = ddeTwoLayer({ n: 2000, likelihood: 'bernoulli', seed: 51 });
    const rng = createRng(7);
    const values = Float64Array.from(b.data.values);
    for (let i = 0; i < b.data.nRows; i++)
      for (let j = 9; j < 18; j++) {
        const row = b.truth.layers[0].coefficients[j];
        let eta = row[0];
        for (let k = 0; k < 6; k++) eta += row[1 + k] * b.truth.a1[i * 6 + k];
        values[i * 18 + j] = eta + rng.normal();
      }
    const data = { ...b.data, values };
    const likelihoods = Object.fromEntries(b.data.columns.slice(9).map((c) => [c, 'normal']));
    const fitted = await registry.create('dde/dde', { likelihood: 'bernoulli', likelihoods, layers: [6, 2] }).fit(data, { seed: 1 });
    const state = stateOf(fitted);
    expect(state.families.slice(0, 9).every((f) => f === 'bernoulli') && state.families.slice(9).every((f) => f === 'normal')).toBe(true);
    expect(state.variances?.slice(0, 9).every((v) => v === null)).toBe(true);
    expect(graphAccuracy(graphs(b.truth.layers), graphs(state.layers)).value).toBeGreaterThanOrEqual(0.95);
  });

  it('a confirmatory fit keeps the given G^(1) exactly (TIMSS-style), with non-negative slopes on demand', async () => {
    const { data, truth } = ddeTwoLayer({ n: 2000, likelihood: 'normal', seed: 52 });
    const g1 = truth.layers[0].graph.map((r) => r.map(Number));
    const fitted = await registry
      .create('dde/dde', { likelihood: 'normal', layers: [6, 2], confirmatoryGraph: g1, nonNegative: true, maxIter: 20 })
      .fit(data, { seed: 1 });
    const layer1 = stateOf(fitted).layers[0];
    expect(layer1.graph).toEqual(g1);
    for (const row of stateOf(fitted).layers[1].coefficients) for (const slope of row.slice(1)) expect(slope).toBeGreaterThanOrEqual(0);
  });

  it('layers: auto chooses [6, 2] on the two-layer design and records the spectral-gap ratios', async () => {
    const { data } = ddeTwoLayer({ n: 2000, likelihood: 'poisson', seed: 51 });
    const fitted = await registry.create('dde/dde', { likelihood: 'poisson', layers: 'auto', maxIter: 5 }).fit(data, { seed: 1 });
    const state = stateOf(fitted);
    expect(state.layers.map((l) => l.coefficients[0].length - 1)).toEqual([6, 2]);
    expect(state.selection?.map((s) => s.chosen)).toEqual([6, 2]);
    expect(fitted.params.layers).toBe('auto');
  });
});

describe('dde/dde refuses bad input in one line', () => {
  const base = ddeTwoLayer({ n: 60, likelihood: 'bernoulli', seed: 1 }).data;
  const withCell = (value: number, row = 3, col = 2): DenseDataset => {
    const values = Float64Array.from(base.values);
    values[row * base.nCols + col] = value;
    return { ...base, values, source: 'answers.csv' };
  };
  const fit = (data: DenseDataset, params: Record<string, unknown>, engine?: string) =>
    registry.create('dde/dde', params).fit(data, { seed: 1, ...(engine && { engine }) });

  it.each([
    [
      'a non-binary Bernoulli value',
      withCell(2),
      { likelihood: 'bernoulli' },
      /^dde\/dde: answers\.csv row 4, column 'x3': value 2 is not a 0\/1 value \(likelihood bernoulli\)$/,
    ],
    [
      'a negative Poisson count',
      withCell(-1),
      { likelihood: 'poisson' },
      /^dde\/dde: answers\.csv row 4, column 'x3': value -1 is not a non-negative integer count/,
    ],
    ['a non-integer Poisson count', withCell(1.5), { likelihood: 'poisson' }, /value 1\.5 is not a non-negative integer count/],
    ['a layer wider than the one below', base, { layers: [6, 8] }, /^dde\/dde: layers\[1\] = 8 is not narrower than layer 1 \(6\)/],
    ['a first layer as wide as the data', base, { layers: [18] }, /^dde\/dde: layers\[0\] = 18 is not narrower than the 18 observed columns/],
    [
      'a likelihoods entry naming no column',
      base,
      { likelihoods: { time: 'normal' } },
      /^dde\/dde: likelihoods names column 'time', which the data does not have/,
    ],
  ])('%s', async (_what, data, params, message) => {
    await expect(fit(data, { layers: [6, 2], ...params })).rejects.toThrow(message);
  });

  it('an enumeration too large for exact EM', async () => {
    await expect(fit(base, { layers: [12, 4], maxStates: 4096 }, 'inference/em')).rejects.toThrow(
      /^dde\/dde: exact enumeration needs 2\^16 = 65536 joint latent states.*maxStates/,
    );
  });
});
