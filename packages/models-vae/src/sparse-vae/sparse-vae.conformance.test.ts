import { createRng, type DenseDataset } from '@latentkit/core';
import { sparseVaeSim } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { sparseVae } from './sparse-vae.js';

const small = { latentDim: 3, hiddenUnits: [8, 8], epochs: 3, batchSize: 16 };
const gaussian = () => sparseVaeSim({ n: 60, seed: 1 }).data;
function binary(): DenseDataset {
  const rng = createRng(4);
  return {
    kind: 'dense',
    nRows: 40,
    nCols: 6,
    values: Float64Array.from({ length: 240 }, () => (rng.uniform() < 0.4 ? 1 : 0)),
    columns: ['a', 'b', 'c', 'd', 'e', 'f'],
  };
}

checkModelPlugin(sparseVae, {
  data: gaussian,
  params: small,
  engines: [vi],
  packageJson: pkg,
  invalidParams: [
    { params: { spikePenalty: 0 }, message: /spikePenalty=0/ },
    { params: { sslNormalizer: 'none' }, message: /sslNormalizer='none'/ },
  ],
});
checkModelPlugin(sparseVae, {
  data: gaussian,
  params: { ...small, sslNormalizer: 'reference-code', objectiveScaling: 'per-sample', iwaeSamples: 3 },
  engines: [vi],
  packageJson: pkg,
});
checkModelPlugin(sparseVae, { data: binary, params: { ...small, likelihood: 'bernoulli', inclusionPriorB: 2 }, engines: [vi], packageJson: pkg });
