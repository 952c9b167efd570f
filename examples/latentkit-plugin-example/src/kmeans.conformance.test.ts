import { em } from '@latentkit/inference';
import { checkModelPlugin, toyMixtureData } from '@latentkit/testing';
import pkg from '../package.json' with { type: 'json' };
import { kmeans } from './index.js';

// The whole latentkit conformance suite in one call: contract shape, defaults, parameter validation, a
// non-decreasing objective under inference/em, determinism, shapes, JSON round trip, no tensor leaks, cancellation.
checkModelPlugin(kmeans, {
  data: () =>
    toyMixtureData({
      nRows: 60,
      seed: 1,
      means: [
        [-3, 0],
        [3, 1],
      ],
    }),
  params: { nClusters: 2, maxIter: 20 },
  engines: [em],
  packageJson: pkg,
  invalidParams: [
    { params: { nClusters: 0 }, message: /nClusters=0 is invalid: expected an integer >= 1/ },
    { params: { init: 'farthest' }, message: /init='farthest' is invalid: expected one of 'k-means\+\+', 'random'/ },
  ],
});
