import { em } from '@latentkit/inference';
import { checkModelPlugin } from '@latentkit/testing';
import pkg from '../../package.json' with { type: 'json' };
import { toyFactorData } from '../test-support/toy-factor-data.js';
import { fa } from './factor-analysis.js';

const data = () => toyFactorData({ nRows: 60, nCols: 5, nFactors: 2, seed: 1 });

checkModelPlugin(fa, {
  data,
  params: { nComponents: 2, maxIter: 30 },
  engines: [em],
  packageJson: pkg,
  invalidParams: [
    { params: { nComponents: 0 }, message: /nComponents=0 .*>= 1/ },
    { params: { method: 'lapack' }, message: /method='lapack' .*'svd', 'em'/ },
    { params: { noiseVarianceFloor: 0 }, message: /noiseVarianceFloor=0 .*> 0/ },
  ],
});
checkModelPlugin(fa, { data, params: { nComponents: 2, method: 'em', rotation: 'varimax', maxIter: 30 }, engines: [em], packageJson: pkg });
checkModelPlugin(fa, { data, params: { nComponents: 1, rotation: 'quartimax' }, engines: [em], packageJson: pkg });
