import { cavi } from '@latentkit/inference';
import { checkModelPlugin, toyMixtureData } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { bayesianGmm } from './bayesian-gmm.js';

const data = () =>
  toyMixtureData({
    nRows: 60,
    seed: 1,
    means: [
      [-2, 0],
      [2, 1],
    ],
  });
// CAVI never decreases the lower bound; it is a total over rows (~ −200 nats here), so the default float32
// allowance atol + rtol·|L| (1e-7 + 1e-6·|L|) applies unchanged.
const common = { data, engines: [cavi], monotone: true, packageJson: pkg };

checkModelPlugin(bayesianGmm, { ...common, params: { nComponents: 4, maxIter: 20 } });
checkModelPlugin(bayesianGmm, {
  ...common,
  params: { nComponents: 3, covarianceType: 'diag', weightConcentrationPriorType: 'dirichlet_distribution', nInit: 2, maxIter: 20 },
});
checkModelPlugin(bayesianGmm, { ...common, params: { nComponents: 2, covarianceType: 'tied', initParams: 'random', maxIter: 20 } });
checkModelPlugin(bayesianGmm, { ...common, params: { nComponents: 3, covarianceType: 'spherical', initParams: 'k-means++', maxIter: 20 } });
