import { ddeTwoLayer } from '@latentkit/datasets';
import { em, saem } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../package.json' with { type: 'json' };
import { dde } from './dde.js';

const bernoulli = () => ddeTwoLayer({ n: 300, likelihood: 'bernoulli', seed: 51 }).data;
const normal = () => ddeTwoLayer({ n: 300, likelihood: 'normal', seed: 52 }).data;

checkModelPlugin(dde, {
  data: bernoulli,
  params: { layers: [6, 2], maxIter: 8 },
  engines: [saem, em],
  packageJson: pkg,
  invalidParams: [
    { params: { layers: 'many' }, message: /layers='many' .*'auto' or a JSON array of positive integers/ },
    { params: { likelihood: 'gamma' }, message: /likelihood='gamma' .*'bernoulli', 'poisson', 'normal'/ },
    { params: { lambda: 0 }, message: /lambda=0 .*positive number/ },
    { params: { sampler: 'metropolis' }, message: /sampler='metropolis' .*'gibbs', 'reference-jacobi'/ },
  ],
});
checkModelPlugin(dde, { data: normal, params: { likelihood: 'normal', layers: [6, 2], sampler: 'reference-jacobi' }, engines: [saem], packageJson: pkg });
