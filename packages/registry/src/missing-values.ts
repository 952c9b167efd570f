import type { ModelPlugin } from './contract.js';
import type { Registry } from './registry.js';

/** A model that fits data with missing values (NaN cells), and the hyperparameter values it needs for that. */
export interface MissingValueModel {
  /** Registry key of the model, e.g. `factor/ppca`. */
  readonly key: string;
  /** `allowsMissingWith` of its data requirements; empty when every setting accepts missing values. */
  readonly needs: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The hyperparameters of `params` that keep a model from fitting NaN cells: those whose value differs from the one
 * `allowsMissingWith` requires. Empty when the model fits data with missing values with these `params`
 * (which must include the defaults, as `registry.validate` returns them); `undefined` when it never does.
 * @example
 * ```ts
 * unmetMissingNeeds(ppca, { ...ppca.defaults }); // { method: 'em' } (the default is 'closed-form')
 * unmetMissingNeeds(fa, { ...fa.defaults }); // undefined
 * ```
 */
export function unmetMissingNeeds(plugin: ModelPlugin, params: Readonly<Record<string, unknown>>): Record<string, string | number | boolean> | undefined {
  if (!plugin.data.allowsMissing) return undefined;
  const unmet: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(plugin.data.allowsMissingWith ?? {})) if (params[name] !== value) unmet[name] = value;
  return unmet;
}

/**
 * The registered models that fit data with missing values (their data requirements declare `allowsMissing`), sorted
 * by key, with the hyperparameter values each needs for that (`allowsMissingWith`).
 * @example
 * ```ts
 * missingValueModels(registry); // [{ key: 'factor/ppca', needs: { method: 'em' } }, { key: 'mixture/gmm', needs: {} }]
 * ```
 */
export function missingValueModels(registry: Registry): MissingValueModel[] {
  return registry
    .list('model')
    .map(({ key }) => ({ key, data: registry.model(key).data }))
    .filter(({ data }) => data.allowsMissing)
    .map(({ key, data }) => ({ key, needs: { ...data.allowsMissingWith } }));
}
