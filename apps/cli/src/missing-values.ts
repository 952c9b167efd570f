import { MissingValueError, requireFinite, type Dataset, type MissingPolicy } from '@latentkit/core';
import { missingValueModels, unmetMissingNeeds, type Registry, type SavedModel } from '@latentkit/registry';
import type { TrainTest } from './load-data.js';

/**
 * What a command does with missing cells (empty, `NA`, `NaN`, JSON `null`) of its data, from `--missing` and the
 * model: `policy` is what the loaders do, `reason` what follows the cell in the one-line error when one is rejected.
 */
export interface MissingRule {
  readonly policy: MissingPolicy;
  /** Appended to `missing value (empty cell)` and its location, e.g. `; pass --missing nan to keep missing values as NaN`. */
  readonly reason: string;
  /** Who rejects the cell, in messages about infinite values: the model key, or the saved model. */
  readonly who: string;
}

/** `--set name=value` options, as the CLI spells the hyperparameter values a model needs. */
const setOptions = (values: Readonly<Record<string, unknown>>): string =>
  Object.entries(values)
    .map(([name, value]) => `--set ${name}=${String(value)}`)
    .join(' ');

/**
 * The models of `registry` that fit missing values, with the `--set` options some of them need:
 * `factor/ppca (--set method=em), mixture/gmm`.
 */
export function missingValueModelList(registry: Registry): string {
  const models = missingValueModels(registry).map(({ key, needs }) => (Object.keys(needs).length > 0 ? `${key} (${setOptions(needs)})` : key));
  return models.length > 0 ? models.join(', ') : '(none registered)';
}

function rule(
  registry: Registry,
  who: string,
  unmet: Readonly<Record<string, unknown>> | undefined,
  params: Readonly<Record<string, unknown>>,
  given?: MissingPolicy,
): MissingRule {
  if (unmet === undefined) {
    return { policy: 'error', who, reason: `, but ${who} does not accept missing values; models that do: ${missingValueModelList(registry)}` };
  }
  const names = Object.keys(unmet);
  if (names.length > 0) {
    const current = names.map((n) => `${n}=${String(params[n])}`).join(', ');
    return { policy: 'error', who, reason: `, but ${who} with ${current} does not accept missing values; pass ${setOptions(unmet)} to fit them` };
  }
  return { policy: given ?? 'nan', who, reason: '; pass --missing nan to keep missing values as NaN' };
}

/**
 * The rule of `fit` and `select`: missing cells are kept (`nan`) when the model fits them with these hyperparameters
 * (`allowsMissing`, and its `allowsMissingWith` values), unless `--missing error`; otherwise the first one is an error
 * that lists the models that do fit them, or the `--set` options this one needs.
 * @param params Validated hyperparameters (with the defaults), as `registry.validate` returns them.
 */
export function fitMissingRule(registry: Registry, key: string, params: Readonly<Record<string, unknown>>, given?: MissingPolicy): MissingRule {
  return rule(registry, key, unmetMissingNeeds(registry.model(key), params), params, given);
}

/**
 * The rule of `score`, `transform` and `report` for a saved model: missing cells are kept when its plugin declares
 * `allowsMissing` (a fitted model integrates missing cells out whatever hyperparameters it was fitted with), unless
 * `--missing error`.
 */
export function savedMissingRule(registry: Registry, saved: SavedModel, modelFile: string, given?: MissingPolicy): MissingRule {
  const accepts = registry.model(saved.key).data.allowsMissing;
  return rule(registry, `the ${saved.key} model in ${modelFile}`, accepts ? {} : undefined, saved.params, given);
}

/**
 * Run a loader with `rule.policy`, giving a rejected missing cell `rule.reason` (the CLI's words, not the library's
 * option), then check what it loaded with {@link checkUnderRule} (the training and test sets of a {@link TrainTest}).
 * @example
 * ```ts
 * const data = await loadUnderRule(rule, (missing) => loadTrainTest(train, test, { missing }));
 * ```
 */
export async function loadUnderRule<T extends Dataset | TrainTest>(rule: MissingRule, load: (missing: MissingPolicy) => Promise<T>): Promise<T> {
  let loaded: T;
  try {
    loaded = await load(rule.policy);
  } catch (e) {
    if (e instanceof MissingValueError) throw e.withReason(rule.reason);
    throw e;
  }
  if ('train' in loaded) {
    checkUnderRule(rule, loaded.train);
    checkUnderRule(rule, loaded.test);
  } else checkUnderRule(rule, loaded);
  return loaded;
}

/**
 * Check loaded data against the rule, for the data that did not come through a file loader (dataset plugins): a NaN
 * cell where missing values are rejected gets `rule.reason`; an infinite value is rejected in any case.
 */
export function checkUnderRule(rule: MissingRule, data: Dataset | undefined): void {
  if (data === undefined) return;
  try {
    requireFinite(data, rule.who, { allowMissing: rule.policy === 'nan' });
  } catch (e) {
    if (e instanceof MissingValueError) throw e.withReason(rule.reason);
    throw e;
  }
}
