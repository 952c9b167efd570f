// A variational Bayesian Gaussian mixture on generated clusters, compared with the true labels.
import { initBackend } from '@latentkit/core';
import { createRegistry } from '@latentkit/registry';
import { cavi } from '@latentkit/inference';
import { bayesianGmm } from '@latentkit/models-mixture';
import { gaussianMixture } from '@latentkit/datasets';
import { adjustedRandIndex } from '@latentkit/metrics';
import { summarize } from './summary.mjs';

await initBackend();
const { data, truth } = gaussianMixture({ n: 300, d: 2, k: 3, seed: 1 });
const registry = createRegistry().register(bayesianGmm, cavi);
const fitted = await registry.create('mixture/bayesian-gmm', { nComponents: 3 }).fit(data, { seed: 0 });
const labels = Array.from(truth.labels, (label) => [label]);
summarize(registry, fitted, data, { ari: adjustedRandIndex(labels, fitted.transform(data)).value });
