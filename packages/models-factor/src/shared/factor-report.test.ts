import { initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { fa } from '../fa/factor-analysis.js';
import type { FittedFa } from '../fa/fa-fitted.js';
import { ppca } from '../ppca/probabilistic-pca.js';
import { loadCase, readFixture } from '../test-support/reference-data.js';

const spec = (s: { spec: Record<string, unknown> }) =>
  s.spec as { mark: { type: string }; data: { values: Record<string, number | string>[] }; encoding: Record<string, { field?: string }> };

beforeAll(async () => {
  await initBackend();
});

describe('the report section of factor/fa and factor/ppca', () => {
  it('has the loadings heatmap (rect marks), the noise variances, the trace and the factor scores', async () => {
    const data = await loadCase(readFixture('fa').cases['wine-raw']);
    const registry = createRegistry().register(fa, ppca, em);
    const fitted = (await registry.create('factor/fa', { nComponents: 3, rotation: 'varimax', noiseVarianceInit: 'variance' }).fit(data)) as FittedFa;
    const section = fitted.report(data);
    expect(section.title).toBe('Factor analysis (factor/fa, K = 3)');
    expect(section.summary.logLikelihood).toBeCloseTo(fitted.score(data), 4);
    expect(section.summary.rotation).toBe('varimax');
    const [heatmap, noise, trace, scores] = section.plots.map(spec);
    expect(heatmap.mark.type).toBe('rect');
    expect(heatmap.data.values).toHaveLength(13 * 3);
    // Standardised loadings W_jk / √C_jj: for proline (variance ~1e5) still within [−1, 1], with Σ_k of squares + ψ_j/C_jj = 1.
    const proline = heatmap.data.values.filter((v) => v.feature === 'proline').map((v) => v.standardised as number);
    const share = noise.data.values.find((v) => v.feature === 'proline' && v.order === 1)!.share as number;
    expect(proline.reduce((s, v) => s + v * v, 0) + share).toBeCloseTo(1, 4);
    expect(noise.data.values.find((v) => v.feature === 'proline' && v.order === 1)!.variance).toBeCloseTo(fitted.noiseVariances[12], 0);
    expect(trace.data.values.map((v) => v.logLikelihood)).toEqual(fitted.trace.map((t) => t.objective));
    expect(scores.mark.type).toBe('circle');
    expect(scores.data.values).toHaveLength(data.nRows);
    expect(scores.encoding.color.field).toBe('label');
    const z = fitted.transform(data);
    expect(scores.data.values[7].factor2).toBeCloseTo(z.values[7 * 3 + 1], 4);
    expect(section.tables![0].rows[12][0]).toBe('proline');
  });

  it('shows a histogram of the factor scores when K = 1, and no data plots without data', async () => {
    const data = await loadCase(readFixture('ppca').cases['wine-standardized']);
    const fitted = await createRegistry().register(ppca, em).create('factor/ppca', { nComponents: 1 }).fit(data);
    const section = fitted.report!(data);
    expect(section.title).toBe('Probabilistic PCA (factor/ppca, K = 1)');
    const histogram = spec(section.plots[3]);
    expect(histogram.mark.type).toBe('bar');
    expect(histogram.encoding.x.field).toBe('factor1');
    expect(fitted.report!().plots).toHaveLength(3);
  });
});
