import { createRng } from '@latentkit/core';
import { API_VERSION, defineModel, validateParams, type ModelInstance, type ModelPlugin, type ParamSpecs, type SavedModel } from '@latentkit/registry';
import { meta } from '../meta.js';
import { toVariables, weightsFromJson } from '../nn/weights.js';
import type { ExtraState, VaeFamily, VaeState } from './vae-family.js';
import { FittedVae, vaeFromResult } from './vae-fitted.js';
import type { VaeCommonParams } from './vae-params.js';
import type { DataInfo, InputTransform } from './vae-data.js';
import { vaeTerms } from './vae-terms.js';

/** What {@link defineVaeModel} needs besides the family. */
export interface VaeModelDefinition<P extends VaeCommonParams> {
  readonly family: VaeFamily<P>;
  readonly description: string;
  readonly params: ParamSpecs<P>;
  readonly defaults: P;
}

/**
 * The model instance of a family member for validated hyperparameters: its VI terms, and its training
 * hyperparameters (epochs, batchSize, learningRate, beta, klWarmupEpochs, estimator, nParticles) as its defaults for
 * the parameters of `inference/vi`, which `FitOptions.engineParams` (`--engine-set`) override.
 */
export function createVaeInstance<P extends VaeCommonParams>(family: VaeFamily<P>, params: P): ModelInstance<P, VaeState> {
  return {
    params,
    terms: { vi: vaeTerms(family, params) },
    maxIter: params.epochs,
    // Every epoch runs unless the caller passes a tolerance: ELBO changes per epoch are noisy.
    tol: 0,
    engineDefaults: {
      'inference/vi': {
        maxIter: params.epochs,
        batchSize: params.batchSize,
        learningRate: params.learningRate,
        optimizer: 'adam',
        beta: params.beta,
        klWarmupEpochs: params.klWarmupEpochs,
        estimator: params.estimator,
        nParticles: params.nParticles,
        ...family.viDefaults?.(params),
      },
    },
    fitted: (result, data) => vaeFromResult(family, params, result, data),
  };
}

/** Build a model plugin (`vae/<id>`) from a family member: VI terms, fitted model, JSON load. */
export function defineVaeModel<P extends VaeCommonParams>(def: VaeModelDefinition<P>): ModelPlugin<P, VaeState> {
  const [namespace, id] = def.family.key.split('/');
  return defineModel<P, VaeState>({
    meta: { ...meta, id, namespace, apiVersion: API_VERSION, description: def.description },
    params: def.params,
    defaults: def.defaults,
    data: { kind: 'dense', allowsMissing: false, minRows: 2 },
    supports: ['inference/vi'],
    create: (params) => createVaeInstance(def.family, params),
    load: (saved) => loadVae(def, saved),
  });
}

function numberArray(v: unknown, len: number, what: string, key: string): Float64Array {
  if (!Array.isArray(v) || v.length !== len || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new Error(`${key} model file: ${what} must be ${len} finite numbers`);
  }
  return Float64Array.from(v as number[]);
}

/** The standardisation divides by `scale`: every entry must be positive. */
function positiveScale(scale: Float64Array, key: string): Float64Array {
  const j = scale.findIndex((x) => !(x > 0));
  if (j >= 0) throw new Error(`${key} model file: state.input.scale[${j}] is ${scale[j]}; expected a positive number`);
  return scale;
}

/** Rebuild a fitted model from `toJSON()` output, checking every weight's shape (against a fresh model of the saved parameters) and the input transform. */
export function loadVae<P extends VaeCommonParams>(def: VaeModelDefinition<P>, saved: SavedModel): FittedVae<P> {
  const key = def.family.key;
  const params = validateParams(key, def.params, def.defaults, saved.params as Partial<Record<keyof P, unknown>>);
  const s = saved.state as Record<string, any> | undefined;
  if (!s || typeof s !== 'object') throw new Error(`${key} model file: state is missing`);
  const columns = saved.data?.columns;
  if (!Array.isArray(columns) || columns.length !== saved.data.nCols) throw new Error(`${key} model file: data.columns must list data.nCols names`);
  const d = columns.length;
  const info: DataInfo = { n: saved.data.nRows, d, columns, mean: new Float64Array(d), sd: new Float64Array(d).fill(1), constant: [] };
  const expected = def.family.init(params, info, createRng(0));
  const values = weightsFromJson(s.weights, expected.weights, key);
  const kind = s.input?.kind;
  if (kind !== 'standardize' && kind !== 'log1p' && kind !== 'identity')
    throw new Error(`${key} model file: state.input.kind must be 'standardize', 'log1p' or 'identity'`);
  const input: InputTransform =
    kind === 'standardize'
      ? {
          kind,
          shift: numberArray(s.input.shift, d, 'state.input.shift', key),
          scale: positiveScale(numberArray(s.input.scale, d, 'state.input.scale', key), key),
        }
      : { kind, shift: null, scale: null };
  const extra: Record<string, Float64Array | number> = {};
  for (const [name, v] of Object.entries(expected.extra ?? ({} as ExtraState))) {
    const got = s.extra?.[name];
    if (typeof v === 'number') {
      if (typeof got !== 'number' || !Number.isFinite(got)) throw new Error(`${key} model file: state.extra.${name} must be a finite number`);
      extra[name] = got;
    } else extra[name] = numberArray(got, v.length, `state.extra.${name}`, key);
  }
  const state: VaeState = { weights: toVariables(values), input, extra };
  return new FittedVae(def.family, params, state, {
    engine: saved.fit.engine,
    seed: saved.fit.seed,
    iterations: saved.fit.iterations,
    converged: saved.fit.converged,
    seconds: saved.fit.seconds,
    trace: saved.fit.trace,
    columns,
    nRows: saved.data.nRows,
    ...(saved.data.source && { source: saved.data.source }),
  });
}
