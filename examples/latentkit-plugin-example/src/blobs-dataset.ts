import { createRng, type DenseDataset } from '@latentkit/core';
import { API_VERSION, defineDataset, int, real } from '@latentkit/registry';
import { meta } from './meta.js';

/** Options of `example/blobs` (scikit-learn's `make_blobs` names in camelCase). */
export interface BlobsOptions {
  nRows: number;
  nClusters: number;
  nFeatures: number;
  /** Standard deviation of every blob around its centre. */
  clusterStd: number;
  /** Half-width of the box the centres are drawn from, uniformly. */
  centerBox: number;
  seed: number;
}

/**
 * Isotropic Gaussian blobs: K centres drawn uniformly from [−centerBox, centerBox]^D, then row i belongs to blob
 * i mod K and is its centre plus N(0, clusterStd² I) noise. The blob of each row is its label and its one-hot
 * membership the ground-truth factors, so metrics can score a clustering against it.
 */
export function makeBlobs(o: BlobsOptions): DenseDataset {
  const rng = createRng(o.seed);
  const centres = Float64Array.from({ length: o.nClusters * o.nFeatures }, () => (2 * rng.uniform() - 1) * o.centerBox);
  const values = new Float64Array(o.nRows * o.nFeatures);
  const factors = new Float64Array(o.nRows * o.nClusters);
  const labels: number[] = [];
  for (let i = 0; i < o.nRows; i++) {
    const k = i % o.nClusters;
    labels.push(k);
    factors[i * o.nClusters + k] = 1;
    for (let j = 0; j < o.nFeatures; j++) values[i * o.nFeatures + j] = centres[k * o.nFeatures + j] + o.clusterStd * rng.normal();
  }
  return {
    kind: 'dense',
    nRows: o.nRows,
    nCols: o.nFeatures,
    values,
    columns: Array.from({ length: o.nFeatures }, (_, j) => `x${j + 1}`),
    labels,
    labelName: 'blob',
    factors: { names: Array.from({ length: o.nClusters }, (_, k) => `blob${k + 1}`), values: factors },
    source: `example/blobs (seed ${o.seed})`,
  };
}

const BLOBS_DEFAULTS: BlobsOptions = { nRows: 300, nClusters: 3, nFeatures: 2, clusterStd: 1, centerBox: 10, seed: 0 };

/** A third-party dataset plugin with options: `latentkit fit example/kmeans --data example/blobs --data nClusters=4`. */
export const blobs = defineDataset<BlobsOptions>({
  meta: { ...meta, id: 'blobs', namespace: 'example', apiVersion: API_VERSION, description: 'Isotropic Gaussian blobs with known memberships (make_blobs)' },
  params: {
    nRows: int({ min: 1, description: 'Number of rows.' }),
    nClusters: int({ min: 1, description: 'Number of blobs.' }),
    nFeatures: int({ min: 1, description: 'Number of columns.' }),
    clusterStd: real({ exclusiveMin: 0, description: 'Standard deviation of each blob.' }),
    centerBox: real({ exclusiveMin: 0, description: 'Centres are drawn uniformly from [-centerBox, centerBox] in each column.' }),
    seed: int({ min: 0, description: 'Seed of the generator.' }),
  },
  defaults: BLOBS_DEFAULTS,
  load: async (options) => makeBlobs({ ...BLOBS_DEFAULTS, ...options }),
});
