import * as inference from '@latentkit/inference';
import * as metrics from '@latentkit/metrics';
import * as factor from '@latentkit/models-factor';
import * as mixture from '@latentkit/models-mixture';
import * as topic from '@latentkit/models-topic';
import * as vae from '@latentkit/models-vae';
import { contractProblems, type Plugin } from '@latentkit/registry';

/**
 * Workspace packages whose plugins the extension bundles, by short name (as in the CLI's built-in map).
 * A package listed here contributes every exported plugin object and every exported array of plugins, so a model
 * added to one of these packages appears in the extension without changes here.
 */
export const BUILTIN_PACKAGES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  '@latentkit/inference': inference,
  '@latentkit/metrics': metrics,
  '@latentkit/models-mixture': mixture,
  '@latentkit/models-factor': factor,
  '@latentkit/models-topic': topic,
  '@latentkit/models-vae': vae,
};

/**
 * The plugins exported by `modules`: each export that fits the plugin contract, and the members of each exported
 * array whose items all fit it (such as `mixturePlugins`). Each plugin object appears once, in export order.
 * @example
 * ```ts
 * collectPlugins([{ gmm, default: gmm, mixturePlugins: [gmm] }]); // [gmm]
 * ```
 */
export function collectPlugins(modules: readonly Readonly<Record<string, unknown>>[]): Plugin[] {
  const seen = new Set<unknown>();
  const out: Plugin[] = [];
  const add = (value: unknown): void => {
    if (seen.has(value) || contractProblems(value).length > 0) return;
    seen.add(value);
    out.push(value as Plugin);
  };
  for (const mod of modules) {
    for (const value of Object.values(mod)) {
      if (Array.isArray(value)) {
        if (value.length > 0 && value.every((v) => contractProblems(v).length === 0)) value.forEach(add);
      } else if (value && typeof value === 'object') add(value);
    }
  }
  return out;
}

/** Every plugin of {@link BUILTIN_PACKAGES}. */
export function builtinPlugins(): Plugin[] {
  return collectPlugins(Object.values(BUILTIN_PACKAGES));
}
