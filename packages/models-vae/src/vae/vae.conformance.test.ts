import { createRng, type DenseDataset } from '@latentkit/core';
import { sparseVaeSim } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { betaVae, vae } from './vae.js';

const small = { latentDim: 2, hiddenUnits: [8], epochs: 3, batchSize: 16 };

/** n × d table drawn cell by cell from `draw`. */
function table(n: number, d: number, seed: number, draw: (rng: ReturnType<typeof createRng>) => number): DenseDataset {
  const rng = createRng(seed);
  return {
    kind: 'dense',
    nRows: n,
    nCols: d,
    values: Float64Array.from({ length: n * d }, () => draw(rng)),
    columns: Array.from({ length: d }, (_, j) => `x${j + 1}`),
  };
}

const gaussian = () => sparseVaeSim({ n: 60, seed: 1 }).data;
const binary = () => table(48, 6, 2, (r) => (r.uniform() < 0.3 ? 1 : 0));
const counts = () => table(48, 5, 3, (r) => Math.floor(-Math.log(1 - r.uniform()) * 3));

checkModelPlugin(vae, {
  data: gaussian,
  params: { ...small, likelihood: 'gaussian', iwaeSamples: 4 },
  engines: [vi],
  packageJson: pkg,
  invalidParams: [
    { params: { likelihood: 'laplace' }, message: /likelihood='laplace'/ },
    { params: { hiddenUnits: [0] }, message: /hiddenUnits/ },
  ],
});
checkModelPlugin(vae, { data: binary, params: { ...small, likelihood: 'bernoulli' }, engines: [vi], packageJson: pkg });
checkModelPlugin(vae, { data: counts, params: { ...small, likelihood: 'poisson', estimator: 'estimators/score-function' }, engines: [vi], packageJson: pkg });
checkModelPlugin(vae, { data: counts, params: { ...small, likelihood: 'negative-binomial', nParticles: 2 }, engines: [vi], packageJson: pkg });
checkModelPlugin(betaVae, { data: gaussian, params: { ...small, beta: 4, klWarmupEpochs: 1 }, engines: [vi], packageJson: pkg });
