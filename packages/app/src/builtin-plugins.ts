import datasets from '@latentkit/datasets';
import inference from '@latentkit/inference';
import metrics from '@latentkit/metrics';
import dde from '@latentkit/models-dde';
import factor from '@latentkit/models-factor';
import mixture from '@latentkit/models-mixture';
import topic from '@latentkit/models-topic';
import vae from '@latentkit/models-vae';
import type { Plugin } from '@latentkit/registry';

/** A package's default export: every plugin it holds (as `loadPluginModule` accepts it). */
export interface PluginPreset {
  /** The package's plugins (models, engines, estimators, datasets, metrics), each registered under its own key. */
  readonly plugins: readonly Plugin[];
}

/**
 * The packages whose plugins the CLI and the VS Code extension bundle, by package name, each through its preset
 * (the default export `{ plugins }`), so that a plugin added to one of them appears in both apps without changes here.
 * Add a new built-in package here.
 */
export const BUILTIN_PRESETS: Readonly<Record<string, PluginPreset>> = {
  '@latentkit/inference': inference,
  '@latentkit/models-mixture': mixture,
  '@latentkit/models-factor': factor,
  '@latentkit/models-topic': topic,
  '@latentkit/models-vae': vae,
  '@latentkit/models-dde': dde,
  '@latentkit/datasets': datasets,
  '@latentkit/metrics': metrics,
};

/**
 * Every built-in plugin (engines and estimators, models, datasets, metrics), registered before any user module.
 * @example
 * ```ts
 * createRegistry().register(...BUILTIN_PLUGINS).has('mixture/bayesian-gmm'); // true
 * ```
 */
export const BUILTIN_PLUGINS: readonly Plugin[] = Object.values(BUILTIN_PRESETS).flatMap((preset) => preset.plugins);
