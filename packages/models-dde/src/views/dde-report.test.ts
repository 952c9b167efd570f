import { describe, expect, it } from 'vitest';
import type { DdeState } from '../dde-state.js';
import { ddeReport, graphAgreement } from './dde-report.js';

/** A hand-made two-layer state: J = 4 columns, K = 2, 1; the spectral start differs from the fit in one entry of G^(1). */
const STATE: DdeState = {
  layers: [
    {
      coefficients: [
        [-1, 2, 0],
        [-1, 0, 2],
        [-1, 2, -1],
        [-1, 0, 2],
      ],
      graph: [
        [1, 0],
        [0, 1],
        [1, 1],
        [0, 1],
      ],
    },
    {
      coefficients: [
        [-1, 2],
        [1, -2],
      ],
      graph: [[1], [1]],
    },
  ],
  topProbabilities: [0.4],
  families: ['bernoulli', 'bernoulli', 'normal', 'normal'],
  variances: [null, null, 1, 1],
  columns: ['a', 'b', 'c', 'd'],
  initialLayers: [
    {
      coefficients: [],
      graph: [
        [1, 0],
        [0, 1],
        [1, 0],
        [0, 1],
      ],
    },
    { coefficients: [], graph: [[1], [1]] },
  ],
};
const INFO = { key: 'dde/dde', engine: 'inference/saem', iterations: 40, converged: true };

describe('ddeReport', () => {
  it('summarises widths, families, the fit and the edges', () => {
    const r = ddeReport(STATE, INFO, { lambda: [2, 1], tau: [0.5], sampler: 'gibbs' });
    expect(r.title).toBe('Deep Discrete Encoder (dde/dde, K = 2, 1)');
    expect(r.summary).toEqual({
      layers: '2, 1',
      columns: 4,
      families: 'bernoulli (2), normal (2)',
      engine: 'inference/saem',
      sampler: 'gibbs',
      iterations: 40,
      converged: 'true',
      edges: 5 + 2,
    });
    expect(r.plots).toEqual([]);
  });

  it('tabulates λ_d, τ_d (one value for all layers) and the spectral start agreement per layer', () => {
    const [layers] = ddeReport(STATE, INFO, { lambda: [2, 1], tau: [0.5], sampler: 'gibbs' }).tables!;
    expect(layers.columns).toEqual(['layer', 'K', 'children', 'edges', 'λ', 'τ', 'spectral init agreement']);
    // G^(1): 7 of 8 entries agree; G^(2): 2 of 2.
    expect(layers.rows).toEqual([
      [1, 2, '4 observed', 5, 2, 0.5, 0.875],
      [2, 1, '2 of layer 1', 2, 1, 0.5, 1],
    ]);
  });

  it('lists the spectral-gap ratios and chosen widths only when the widths were selected', () => {
    expect(ddeReport(STATE, INFO).tables).toHaveLength(1);
    const selection = [
      { grid: [1, 2, 3], ratios: [1.5, 3, 1.25], singularValues: [6, 4, 1.33, 1.07], chosen: 2 },
      { grid: [1], ratios: [2], singularValues: [2, 1], chosen: 1 },
    ];
    const r = ddeReport({ ...STATE, selection }, INFO);
    expect(r.summary.selected).toBe('K1 = 2, K2 = 1');
    expect(r.tables![1].rows).toEqual([
      [1, 2, '1: 1.5, 2: 3, 3: 1.25'],
      [2, 1, '1: 2'],
    ]);
    expect(r.tables![0].rows[0].slice(4, 6)).toEqual(['-', '-']);
  });

  it('compares graphs of the same shape only', () => {
    expect(graphAgreement([[1, 0]], [[1, 1]])).toBe(0.5);
    expect(graphAgreement([[1, 0]], [[1]])).toBeNull();
    expect(graphAgreement([], [])).toBeNull();
  });
});
