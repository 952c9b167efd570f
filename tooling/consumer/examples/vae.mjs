// A small VAE, a few epochs, on the bundled Old Faithful data.
import { initBackend } from '@latentkit/core';
import { createRegistry } from '@latentkit/registry';
import { plugins as inference } from '@latentkit/inference';
import { vae } from '@latentkit/models-vae';
import { loadBundled } from '@latentkit/datasets';
import { summarize } from './summary.mjs';

await initBackend();
const data = await loadBundled('faithful');
const registry = createRegistry().register(vae, ...inference);
const fitted = await registry.create('vae/vae', { latentDim: 1, hiddenUnits: [16], epochs: 3 }).fit(data, { seed: 0 });
summarize(registry, fitted, data);
