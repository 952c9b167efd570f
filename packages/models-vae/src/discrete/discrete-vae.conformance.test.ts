import { createRng, type DenseDataset } from '@latentkit/core';
import { vi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { discreteVae } from './discrete-vae.js';

function binary(): DenseDataset {
  const rng = createRng(5);
  return {
    kind: 'dense',
    nRows: 48,
    nCols: 6,
    values: Float64Array.from({ length: 288 }, () => (rng.uniform() < 0.35 ? 1 : 0)),
    columns: ['a', 'b', 'c', 'd', 'e', 'f'],
  };
}
const small = { latentDim: 3, hiddenUnits: [8], epochs: 3, batchSize: 16, likelihood: 'bernoulli' };

checkModelPlugin(discreteVae, {
  data: binary,
  params: { ...small, iwaeSamples: 4 },
  engines: [vi],
  packageJson: pkg,
  invalidParams: [{ params: { estimator: 'estimators/reparam' }, message: /estimator='estimators\/reparam'/ }],
});
checkModelPlugin(discreteVae, {
  data: binary,
  params: { ...small, codeType: 'categorical', categories: 4, estimator: 'estimators/straight-through' },
  engines: [vi],
  packageJson: pkg,
});
checkModelPlugin(discreteVae, { data: binary, params: { ...small, estimator: 'estimators/leave-one-out', nParticles: 3 }, engines: [vi], packageJson: pkg });
