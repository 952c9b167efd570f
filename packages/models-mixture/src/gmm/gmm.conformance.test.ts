import { em } from '@latentkit/inference';
import { checkModelPlugin, toyMixtureData } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { gmm } from './gaussian-mixture.js';

const data = () =>
  toyMixtureData({
    nRows: 60,
    seed: 1,
    means: [
      [-2, 0],
      [2, 1],
    ],
  });

checkModelPlugin(gmm, { data, params: { nComponents: 2, maxIter: 20 }, engines: [em], packageJson: pkg });
checkModelPlugin(gmm, { data, params: { nComponents: 3, covarianceType: 'diag', nInit: 3, maxIter: 20 }, engines: [em], packageJson: pkg });
checkModelPlugin(gmm, { data, params: { nComponents: 1, covarianceType: 'tied', initParams: 'random' }, engines: [em], packageJson: pkg });
checkModelPlugin(gmm, { data, params: { nComponents: 2, covarianceType: 'spherical', initParams: 'k-means++' }, engines: [em], packageJson: pkg });

// Missing cells (NaN) in about one row in three: the exact marginal E-step must keep EM monotone.
const holed = () => {
  const d = data();
  return { ...d, values: d.values.map((v, i) => (i % 7 === 3 ? NaN : v)) };
};
checkModelPlugin(gmm, { data: holed, params: { nComponents: 2, maxIter: 20 }, engines: [em], packageJson: pkg });
checkModelPlugin(gmm, { data: holed, params: { nComponents: 2, covarianceType: 'tied', maxIter: 20 }, engines: [em], packageJson: pkg });
