import { api1EngineDefaults, type Registry } from '@latentkit/registry';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseCount, parseSetOptions } from '../parse-options.js';
import { asArgParser, collect, type OptionGroup } from './common.js';

/** Options of the commands that fit a model: parameters of its inference engine and of the engine's gradient estimator. */
export interface EngineParamOptions {
  /** `name=value` parameters of the inference engine (`--engine-set`, repeatable), e.g. `learningRate=0.01`. */
  readonly engineSet?: readonly string[];
  /** `name=value` parameters of the gradient estimator of `inference/vi` (`--estimator-set`, repeatable). */
  readonly estimatorSet?: readonly string[];
  /** Worker threads of the fit (`--threads`; default: the machine's available parallelism). */
  readonly threads?: number;
}

/** `--engine-set`, `--estimator-set` and `--threads`, the option group of the commands that fit a model (`fit`, `select`). */
export const engineParamOptions: OptionGroup = (cmd) =>
  cmd
    .option('--engine-set <name=value>', 'set a parameter of the inference engine, e.g. learningRate=0.01 (repeatable; latentkit list <engine-key>)', collect)
    .option('--estimator-set <name=value>', "set a parameter of inference/vi's gradient estimator, e.g. baseline=learned (repeatable)", collect)
    .option(
      '--threads <n>',
      "worker threads for the fits that spread their work over threads (GMM and LDA E-steps, DDE's SAEM simulation, VAE gradients of batches over 128 rows; default: the machine's available parallelism); the results do not depend on it",
      asArgParser((t) => parseCount('--threads', t, 1)),
    );

/** The `--engine-set` / `--estimator-set` values of a command's parsed options, as {@link EngineParamOptions}. */
export function engineParamOption(cmd: Command): EngineParamOptions {
  const { engineSet, estimatorSet, threads } = cmd.opts() as { engineSet?: string[]; estimatorSet?: string[]; threads?: number };
  return { ...(engineSet && { engineSet }), ...(estimatorSet && { estimatorSet }), ...(threads && { threads }) };
}

/** What {@link fitEngineParams} returns, ready for `FitOptions`. */
export interface CliEngineParams {
  readonly engineParams?: Record<string, unknown>;
  readonly estimatorParams?: Record<string, unknown>;
}

/**
 * The engine and estimator parameters of `--engine-set` / `--estimator-set`, coerced and checked against the
 * engine the model will be fitted with (`engine`, else the model's preferred one for its hyperparameters `params`,
 * else its first registered) and that engine's estimator (the one `--engine-set estimator=…` names, else the model's
 * or the engine's default). Errors are one line naming the plugin and the parameter.
 * @example
 * ```ts
 * fitEngineParams(registry, 'vae/vae', params, undefined, { engineSet: ['learningRate=0.01'] }); // { engineParams: { learningRate: 0.01 } }
 * ```
 */
export function fitEngineParams(
  registry: Registry,
  model: string,
  params: Record<string, unknown>,
  engine: string | undefined,
  o: EngineParamOptions,
): CliEngineParams {
  if (!o.engineSet?.length && !o.estimatorSet?.length) return {};
  const instance = registry.model(model).create(params);
  const engineKey = engine ?? instance.preferredEngine ?? registry.compatible(model)[0];
  if (!engineKey) throw new UsageError(`${model}: none of its inference engines is registered`);
  const engineParams = registry.validateEngineParams(engineKey, parseSetOptions(o.engineSet, '--engine-set'), { coerce: true });
  if (!o.estimatorSet?.length) return { engineParams };
  const modelDefaults = { ...api1EngineDefaults(instance)[engineKey], ...instance.engineDefaults?.[engineKey] };
  const estimator = engineParams.estimator ?? modelDefaults.estimator ?? registry.inference(engineKey).defaults.estimator;
  if (typeof estimator !== 'string') throw new UsageError(`--estimator-set: ${engineKey} uses no gradient estimator`);
  if (registry.has(estimator) && Object.keys(registry.estimator(estimator).params ?? {}).length === 0)
    throw new UsageError(`--estimator-set: ${estimator} has no parameters`);
  return { engineParams, estimatorParams: registry.validateEstimatorParams(estimator, parseSetOptions(o.estimatorSet, '--estimator-set'), { coerce: true }) };
}
