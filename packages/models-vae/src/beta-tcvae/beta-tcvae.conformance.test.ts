import { sparseVaeSim } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { betaTcvae } from './beta-tcvae.js';

checkModelPlugin(betaTcvae, {
  data: () => sparseVaeSim({ n: 60, seed: 2 }).data,
  params: { latentDim: 3, hiddenUnits: [8], epochs: 3, batchSize: 16, beta: 6 },
  engines: [vi],
  packageJson: pkg,
  invalidParams: [{ params: { estimator: 'estimators/leave-one-out' }, message: /estimator='estimators\/leave-one-out'/ }],
});
