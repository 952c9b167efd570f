import { createRng, type DenseDataset } from '@latentkit/core';
import { sparseVaeSim } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { vsc } from './vsc.js';

const small = { latentDim: 4, hiddenUnits: [8], epochs: 3, batchSize: 16 };

/** 48 × 6 table drawn cell by cell from `draw`. */
function table(seed: number, draw: (rng: ReturnType<typeof createRng>) => number): DenseDataset {
  const rng = createRng(seed);
  return { kind: 'dense', nRows: 48, nCols: 6, values: Float64Array.from({ length: 288 }, () => draw(rng)), columns: ['a', 'b', 'c', 'd', 'e', 'f'] };
}
const binary = () => table(6, (r) => (r.uniform() < 0.3 ? 1 : 0));
const counts = () => table(7, (r) => Math.floor(-Math.log(1 - r.uniform()) * 3));

checkModelPlugin(vsc, {
  data: () => sparseVaeSim({ n: 60, seed: 4 }).data,
  params: { ...small, iwaeSamples: 3 },
  engines: [vi],
  packageJson: pkg,
  invalidParams: [
    { params: { priorSlabProbability: 1 }, message: /priorSlabProbability=1/ },
    { params: { pseudoInputs: -1 }, message: /pseudoInputs=-1/ },
  ],
});
checkModelPlugin(vsc, {
  data: () => sparseVaeSim({ n: 60, seed: 4 }).data,
  params: { ...small, pseudoInputs: 0, iwaeSamples: 2 },
  engines: [vi],
  packageJson: pkg,
});
checkModelPlugin(vsc, { data: binary, params: { ...small, likelihood: 'bernoulli', pseudoInputs: 3 }, engines: [vi], packageJson: pkg });
checkModelPlugin(vsc, { data: counts, params: { ...small, likelihood: 'poisson', pseudoInputs: 2 }, engines: [vi], packageJson: pkg });
