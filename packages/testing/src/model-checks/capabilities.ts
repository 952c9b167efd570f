import type { Dataset, DenseDataset } from '@latentkit/core';
import type { Fitted, ModelPlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { expectClose } from '../expect-close.js';
import { withFitted, type ModelPluginFixtures } from '../fixtures.js';
import { viewProblems } from './view-problems.js';

/** Relative tolerance of the identities below: each side is the same float64 sum in another order, or a recomputation. */
const RTOL = 1e-6;

/**
 * The declared capabilities agree with each other and with the required members, for those the fitted model has:
 * `transform(data).nCols === latentDim`; `scoreSamples(data)` has one finite value per row and its mean is `score(data)`;
 * with `nParameters` = p (an integer ≥ 0), `bic(data)` = −2N·score + p log N and `aic(data)` = −2N·score + 2p;
 * `predict(data)` gives one integer in [0, latentDim) per row; `decode(transform(data))` has one finite row per data
 * row with the training data's columns. Identities hold within rtol 1e-6.
 */
export async function checkCapabilities(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  await withFitted(plugin, fixtures, (fitted, { key, data }) => {
    const z = fitted.transform(data);
    if (fitted.latentDim !== undefined) expect(z.nCols, `${key}: transform(data).nCols must equal latentDim`).toBe(fitted.latentDim);
    const score = fitted.score(data);
    const n = data.nRows;
    if (fitted.scoreSamples) {
      const s = fitted.scoreSamples(data);
      expect(s.length, `${key}: scoreSamples(data).length`).toBe(n);
      expectClose(s.reduce((a, b) => a + b, 0) / n, score, { rtol: RTOL, atol: 1e-9, label: `${key}: mean of scoreSamples(data) vs score(data)` });
    }
    checkCriteria(fitted, data, score, key);
    if (fitted.predict) {
      const labels = fitted.predict(data);
      const k = fitted.latentDim ?? z.nCols;
      expect(labels.length, `${key}: predict(data).length`).toBe(n);
      const bad = labels.findIndex((c) => !Number.isInteger(c) || c < 0 || c >= k);
      expect(bad, `${key}: predict(data)[${bad}] = ${labels[bad]} is not a component index in [0, ${k})`).toBe(-1);
    }
    if (fitted.decode) {
      const x: DenseDataset = fitted.decode(z);
      expect([x.nRows, x.nCols], `${key}: decode(transform(data)) shape`).toEqual([n, data.nCols]);
      const bad = x.values.findIndex((v) => !Number.isFinite(v));
      expect(bad, `${key}: decode(...).values[${bad}] is not finite`).toBe(-1);
    }
  });
}

function checkCriteria(fitted: Fitted, data: Dataset, score: number, key: string): void {
  const p = fitted.nParameters;
  if (p === undefined) {
    expect(!fitted.bic && !fitted.aic, `${key}: bic and aic need nParameters`).toBe(true);
    return;
  }
  expect(Number.isInteger(p) && p >= 0, `${key}: nParameters = ${p} must be an integer >= 0`).toBe(true);
  const n = data.nRows;
  if (fitted.bic) expectClose(fitted.bic(data), -2 * n * score + p * Math.log(n), { rtol: RTOL, atol: 0, label: `${key}: bic(data) vs −2N·score + p log N` });
  if (fitted.aic) expectClose(fitted.aic(data), -2 * n * score + 2 * p, { rtol: RTOL, atol: 0, label: `${key}: aic(data) vs −2N·score + 2p` });
}

/**
 * `views()` and `views(data)` return well-formed views ({@link viewProblems}: a heatmap's values are rows × columns
 * finite numbers, …) that survive a JSON round trip unchanged. Applies to models whose fitted class has `views`.
 */
export async function checkViews(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  await withFitted(plugin, fixtures, (fitted, { key, data }) => {
    if (!fitted.views) return;
    for (const [label, views] of [
      ['views()', fitted.views()],
      ['views(data)', fitted.views(data)],
    ] as const) {
      expect(Array.isArray(views), `${key}: ${label} must return an array`).toBe(true);
      const problems = views.flatMap((v) => viewProblems(v));
      if (problems.length) throw new Error(`${key}: ${label} has malformed views: ${problems.join('; ')}`);
      expect(JSON.parse(JSON.stringify(views)), `${key}: ${label} must be plain JSON data`).toEqual(views);
    }
  });
}
