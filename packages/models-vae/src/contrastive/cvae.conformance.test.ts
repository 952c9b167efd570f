import { vi } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { contrastiveData } from '../test-support/contrastive-data.js';
import { cvae } from './cvae.js';

const small = { sharedDim: 2, salientDim: 2, hiddenUnits: [8], epochs: 2, batchSize: 16 };
const gaussian = () => contrastiveData({ nBackground: 24, nTarget: 24, dx: 6, hidden: 8, seed: 1 }).data;
/** The same rows as counts: round(e^x) keeps the structure, non-negative integers. */
const counts = () => {
  const d = gaussian();
  return { ...d, values: d.values.map((v) => Math.round(Math.exp(Math.min(v, 3)))) };
};

checkModelPlugin(cvae, {
  data: gaussian,
  params: { ...small, iwaeSamples: 3 },
  engines: [vi],
  packageJson: pkg,
  invalidParams: [
    { params: { prior: 'laplace' }, message: /prior='laplace'/ },
    { params: { sharedDim: 0 }, message: /sharedDim/ },
    { params: { background: '' }, message: /background/ },
  ],
});
checkModelPlugin(cvae, { data: gaussian, params: { ...small, prior: 'mixture', regularizer: 'hsic' }, engines: [vi], packageJson: pkg });
checkModelPlugin(cvae, {
  data: counts,
  params: { ...small, likelihood: 'negative-binomial', regularizer: 'mmd', nParticles: 2 },
  engines: [vi],
  packageJson: pkg,
});
// One salient block per target group (two target groups), MGDA over three tasks; the saved file keeps the groups.
checkModelPlugin(cvae, {
  data: () => contrastiveData({ nBackground: 16, nTarget: 16, targetGroups: 2, dx: 6, hidden: 8, seed: 2 }).data,
  params: { ...small, salientBlocks: 'per-group', training: 'mgda', regularizer: 'hsic', iwaeSamples: 2 },
  engines: [vi],
  packageJson: pkg,
});
