import { describe, expect, it } from 'vitest';
import { datasetModelOutputPath, modelOutputPath } from './output-path.js';

describe('modelOutputPath', () => {
  it('saves next to the data by default', () => {
    expect(modelOutputPath('/w/data/faithful.csv', 'mixture/gmm', '', '/w')).toBe('/w/data/faithful.mixture-gmm.latentkit.json');
  });

  it('saves into the output folder, relative to the workspace folder', () => {
    expect(modelOutputPath('/w/data/faithful.csv', 'vae/sparse-vae', 'models', '/w')).toBe('/w/models/faithful.vae-sparse-vae.latentkit.json');
    expect(modelOutputPath('/w/data/docs.mtx', 'topic/lda', '/tmp/out', '/w')).toBe('/tmp/out/docs.topic-lda.latentkit.json');
  });
});

describe('datasetModelOutputPath', () => {
  it('saves a model of a registered dataset in the workspace folder, or the output folder, named by both keys', () => {
    expect(datasetModelOutputPath('example/blobs', 'example/kmeans', '', '/w')).toBe('/w/example-blobs.example-kmeans.latentkit.json');
    expect(datasetModelOutputPath('datasets/sparse-vae-sim', 'vae/sparse-vae', 'models', '/w')).toBe(
      '/w/models/datasets-sparse-vae-sim.vae-sparse-vae.latentkit.json',
    );
  });
});
