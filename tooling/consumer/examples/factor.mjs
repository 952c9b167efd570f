// Factor analysis with a varimax rotation on the bundled iris measurements.
import { initBackend } from '@latentkit/core';
import { createRegistry } from '@latentkit/registry';
import { em } from '@latentkit/inference';
import { fa } from '@latentkit/models-factor';
import { loadBundled } from '@latentkit/datasets';
import { summarize } from './summary.mjs';

await initBackend();
const data = await loadBundled('iris');
const registry = createRegistry().register(fa, em);
const fitted = await registry.create('factor/fa', { nComponents: 2, rotation: 'varimax' }).fit(data, { seed: 0 });
summarize(registry, fitted, data);
