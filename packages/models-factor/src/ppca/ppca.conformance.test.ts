import { em } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { toyFactorData } from '../test-support/toy-factor-data.js';
import { ppca } from './probabilistic-pca.js';

const data = () => toyFactorData({ nRows: 60, nCols: 5, nFactors: 2, seed: 2 });

/** The toy data with every seventh cell removed. */
const withMissing = () => {
  const ds = data();
  const values = ds.values.map((v, q) => (q % 7 === 3 ? Number.NaN : v));
  return { ...ds, values };
};

checkModelPlugin(ppca, {
  data,
  params: { nComponents: 2 },
  engines: [em],
  packageJson: pkg,
  invalidParams: [
    { params: { nComponents: 0 }, message: /nComponents=0 .*>= 1/ },
    { params: { ddof: 2 }, message: /ddof=2 .*<= 1/ },
    { params: { method: 'svd' }, message: /method='svd' .*'closed-form', 'em'/ },
  ],
});
checkModelPlugin(ppca, { data, params: { nComponents: 2, method: 'em', rotation: 'varimax', maxIter: 40 }, engines: [em], packageJson: pkg });
checkModelPlugin(ppca, { data: withMissing, params: { nComponents: 1, method: 'em', maxIter: 40 }, engines: [em], packageJson: pkg });
