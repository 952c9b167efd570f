// The contrastive VAE on generated background and target rows: shared and salient latents.
import { initBackend } from '@latentkit/core';
import { createRegistry } from '@latentkit/registry';
import { plugins as inference } from '@latentkit/inference';
import { cvae } from '@latentkit/models-vae';
import { contrastiveSim } from '@latentkit/datasets';
import { summarize } from './summary.mjs';

await initBackend();
const { data } = contrastiveSim({ nBackground: 100, nTarget: 100, seed: 3 });
const registry = createRegistry().register(cvae, ...inference);
const model = registry.create('contrastive/cvae', { sharedDim: 2, salientDim: 2, hiddenUnits: [16], epochs: 3 });
summarize(registry, await model.fit(data, { seed: 0 }), data);
