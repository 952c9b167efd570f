import { dataHash, initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import { createRegistry, type SavedModel } from '@latentkit/registry';
import { expectClose, toyMixtureData, type ToyMixtureDataOptions } from '@latentkit/testing';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import api1Kmeans from '../test/fixtures/api1-plugin/src/index.js';
import { kmeans, type FittedKMeans } from './index.js';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/v1/${file}`, import.meta.url), 'utf8'));
/** A format-1 file written by the plugin as of commit 741261d, and what that model gave when it was saved. */
const saved: SavedModel = read('kmeans.json');
const expected: { data: ToyMixtureDataOptions; score: number; transform: number[]; sample: number[] } = read('kmeans.expected.json');
/** The data it was fitted to, as `kmeans.expected.json` records it. */
const data = toyMixtureData(expected.data);

beforeAll(async () => {
  await initBackend();
});

describe('example/kmeans saved models', () => {
  it('a format-1 file loads through restore and gives the score, transform and samples it gave when saved', () => {
    expect(saved.formatVersion).toBe(1);
    const loaded = createRegistry().register(em, kmeans).load(saved, 'kmeans.json') as unknown as FittedKMeans;
    expectClose(loaded.score(data), expected.score, { rtol: 1e-12, label: 'score' });
    expect(Array.from(loaded.transform(data).values)).toEqual(expected.transform);
    expect(Array.from(loaded.sample(3, 5).values)).toEqual(expected.sample);
    expect(loaded.toJSON().state).toEqual(saved.state);
  });

  it('the API-1 plugin loads the same file to the same numbers', () => {
    const loaded = createRegistry({ warn: () => {} })
      .register(em, api1Kmeans)
      .load(saved, 'kmeans.json');
    expectClose(loaded.score(data), expected.score, { rtol: 1e-12, label: 'score' });
  });

  it('a format-2 file carries provenance and the engine parameters, and restore checks the state', async () => {
    const registry = createRegistry().register(em, kmeans);
    const fitted = await registry.create('example/kmeans', { nClusters: 2 }).fit(data, { seed: 3 });
    const json = JSON.parse(JSON.stringify(fitted.toJSON())) as SavedModel;
    expect(json.formatVersion).toBe(2);
    expect(json.provenance?.dataHash).toBe(dataHash(data));
    expect(json.provenance?.packages['latentkit-plugin-example']).toBe('0.1.0');
    expect(json.fit.engineParams).toEqual({ maxIter: 100, tol: 1e-6 });
    const state = json.state as { weights: number[] };
    expect(() => registry.load({ ...json, state: { ...state, weights: [0.5, 0.6] } })).toThrow(
      'example/kmeans model file: state.weights sum to 1.1; expected 1 (within 0.000001)',
    );
  });
});
