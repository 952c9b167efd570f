import { sparseVaeSim } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { vsc } from './vsc.js';

checkModelPlugin(vsc, {
  data: () => sparseVaeSim({ n: 60, seed: 4 }).data,
  params: { latentDim: 4, hiddenUnits: [8], epochs: 3, batchSize: 16 },
  engines: [vi],
  packageJson: pkg,
  invalidParams: [{ params: { priorSlabProbability: 1 }, message: /priorSlabProbability=1/ }],
});
