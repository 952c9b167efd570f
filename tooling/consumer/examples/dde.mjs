// A two-layer Deep Discrete Encoder fitted by SAEM on data drawn from the same design.
import { initBackend } from '@latentkit/core';
import { createRegistry } from '@latentkit/registry';
import { saem } from '@latentkit/inference';
import { dde } from '@latentkit/models-dde';
import { ddeTwoLayer } from '@latentkit/datasets';
import { summarize } from './summary.mjs';

await initBackend();
const { data } = ddeTwoLayer({ n: 300, seed: 4 });
const registry = createRegistry().register(dde, saem);
const fitted = await registry.create('dde/dde', { layers: [6, 2], maxIter: 20 }).fit(data, { seed: 0 });
summarize(registry, fitted, data, { layers: fitted.latentLayers });
