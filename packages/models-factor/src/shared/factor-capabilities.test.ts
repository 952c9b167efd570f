import type { HeatmapView } from '@latentkit/registry';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { fa } from '../fa/factor-analysis.js';
import type { FittedFa } from '../fa/fa-fitted.js';
import { ppca } from '../ppca/probabilistic-pca.js';
import type { FittedPpca } from '../ppca/ppca-fitted.js';
import { toyFactorData } from '../test-support/toy-factor-data.js';

const registry = createRegistry().register(fa, ppca, em);
const data = toyFactorData({ nRows: 70, nCols: 6, seed: 2 });

describe('declared capabilities of factor models', () => {
  it('FA: latentDim K, p = D·K − K(K−1)/2 + 2D, BIC and AIC from the per-row log-likelihoods', async () => {
    const fitted = (await registry.create('factor/fa', { nComponents: 3, rotation: 'varimax' }).fit(data, { seed: 0 })) as FittedFa;
    expect(fitted.latentDim).toBe(3);
    expect(fitted.nParameters).toBe(6 * 3 - 3 + 12);
    const rows = fitted.scoreSamples(data);
    const logL = rows.reduce((a, b) => a + b, 0);
    expect(fitted.score(data)).toBeCloseTo(logL / 70, 12);
    expect(fitted.bic(data)).toBeCloseTo(-2 * logL + 27 * Math.log(70), 9);
    expect(fitted.aic(data)).toBeCloseTo(-2 * logL + 2 * 27, 9);
  });

  it('PPCA: p = D·K − K(K−1)/2 + 1 + D; decode maps factor scores to W z + μ', async () => {
    const fitted = (await registry.create('factor/ppca', { nComponents: 2 }).fit(data, { seed: 0 })) as FittedPpca;
    expect(fitted.nParameters).toBe(12 - 1 + 1 + 6);
    const z = { nRows: 2, nCols: 2, values: Float64Array.from([0, 0, 1, -2]), columns: ['factor1', 'factor2'] };
    const x = fitted.decode(z);
    const { mean, loadings } = fitted.state;
    expect(Array.from(x.values.subarray(0, 6))).toEqual(Array.from(mean));
    for (let j = 0; j < 6; j++) expect(x.values[6 + j]).toBeCloseTo(mean[j] + loadings[j * 2] - 2 * loadings[j * 2 + 1], 12);
    expect(x.columns).toEqual(data.columns);
    expect(() => fitted.decode({ ...z, nCols: 3, values: new Float64Array(6) })).toThrow('factor/ppca: decode needs 2 factor values per row, got 3 columns');
  });

  it('views: the loadings heatmap is W (features × factors) on a diverging scale', async () => {
    const fitted = (await registry.create('factor/fa', { nComponents: 2 }).fit(data, { seed: 0 })) as FittedFa;
    const [view] = fitted.views() as HeatmapView[];
    expect(view.kind).toBe('heatmap');
    expect(view.scale).toBe('diverging');
    expect(view.rowLabels).toEqual(data.columns);
    expect(view.columnLabels).toEqual(['factor1', 'factor2']);
    expect(view.values).toEqual(fitted.loadings.flat());
  });
});
