import type { ModelPlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { expectClose } from '../expect-close.js';
import { withFitted, type ModelPluginFixtures } from '../fixtures.js';

const allFinite = (v: ArrayLike<number>): number => {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
};

/** `transform(data)` has one row per data row, `columns.length` columns, `nRows·nCols` finite values. */
export async function checkTransform(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  await withFitted(plugin, fixtures, (fitted, { key, data }) => {
    const z = fitted.transform(data);
    expect(z.nRows, `${key}: transform(data).nRows`).toBe(data.nRows);
    expect(z.nCols, `${key}: transform(data).nCols must equal columns.length`).toBe(z.columns.length);
    expect(z.nCols, `${key}: transform(data).nCols`).toBeGreaterThan(0);
    expect(z.values.length, `${key}: transform(data).values.length`).toBe(z.nRows * z.nCols);
    const bad = allFinite(z.values);
    expect(bad, `${key}: transform(data).values[${bad}] = ${z.values[bad]} is not finite`).toBe(-1);
  });
}

/** `score(data)` is finite, and `scores(data)` has exactly the keys `scoreNames`, the first equal to `score(data)` (rtol 1e-6). */
export async function checkScores(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  await withFitted(plugin, fixtures, (fitted, { key, data }) => {
    const score = fitted.score(data);
    expect(Number.isFinite(score), `${key}: score(data) = ${score}`).toBe(true);
    expect(fitted.scoreNames.length, `${key}: scoreNames must name at least the primary score`).toBeGreaterThan(0);
    const scores = fitted.scores(data);
    expect(Object.keys(scores).sort(), `${key}: keys of scores(data) must be scoreNames`).toEqual([...fitted.scoreNames].sort());
    for (const [name, v] of Object.entries(scores)) expect(Number.isFinite(v), `${key}: scores(data).${name} = ${v}`).toBe(true);
    expectClose(scores[fitted.scoreNames[0]], score, { rtol: 1e-6, atol: 0, label: `${key}: scores(data).${fitted.scoreNames[0]} vs score(data)` });
  });
}

/** `sample(5, seed)` returns a dense dataset of 5 finite rows with the training data's number of columns. */
export async function checkSample(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  await withFitted(plugin, fixtures, (fitted, { key, data, seed }) => {
    const s = fitted.sample(5, seed);
    expect(s.kind, `${key}: sample().kind`).toBe('dense');
    expect(s.nRows, `${key}: sample(5, seed).nRows`).toBe(5);
    expect(s.nCols, `${key}: sample(5, seed).nCols must be the training data's`).toBe(data.nCols);
    expect(s.values.length, `${key}: sample(5, seed).values.length`).toBe(5 * data.nCols);
    expect(s.columns.length, `${key}: sample(5, seed).columns.length`).toBe(data.nCols);
    const bad = allFinite(s.values);
    expect(bad, `${key}: sample values[${bad}] = ${s.values[bad]} is not finite`).toBe(-1);
  });
}
