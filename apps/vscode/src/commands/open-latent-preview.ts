import type { Ctx } from '../ctx.js';
import { MODEL_FILE_SUFFIX } from '../training/output-path.js';
import { showLatentPreview } from '../webviews/latent-preview/registration.js';
import { pickWorkspaceFile } from './pick-file.js';

/** Open Latent Preview: pick a saved model file (the explorer selection, or a quick pick of `*.latentkit.json`) and show it. */
export async function openLatentPreview(ctx: Ctx, arg?: unknown): Promise<void> {
  const modelFile = await pickWorkspaceFile(ctx, arg, {
    glob: `**/*${MODEL_FILE_SUFFIX}`,
    title: 'latentkit: Open Latent Preview',
    placeHolder: 'Saved model file (written by Train Model or `latentkit fit --out`)',
    filters: { 'latentkit models': ['json'] },
    accepts: (p) => p.endsWith('.json'),
  });
  if (modelFile) await showLatentPreview(ctx, modelFile);
}
