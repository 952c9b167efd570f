import { sparseVaeSim } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { hierarchicalVae } from './hierarchical-vae.js';

const data = () => sparseVaeSim({ n: 60, seed: 3 }).data;

checkModelPlugin(hierarchicalVae, {
  data,
  params: { latentDim: 4, topLatentDim: 2, hiddenUnits: [8], epochs: 3, batchSize: 16, iwaeSamples: 3 },
  engines: [vi],
  packageJson: pkg,
});
checkModelPlugin(hierarchicalVae, {
  data,
  params: { latentDim: 3, hiddenUnits: [8, 6], epochs: 3, batchSize: 16, estimator: 'estimators/score-function' },
  engines: [vi],
  packageJson: pkg,
});
