import { validateParams, type SavedModel } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { TOY_MIXTURE_KEY, ToyMixtureFitted } from './toy-mixture-fitted.js';
import { toyMixtureDefaults, toyMixtureParamSpecs } from './toy-mixture-params.js';

const isNumbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number');

/** Rebuild a fitted `toy/mixture` from its saved JSON, checking the shapes. */
export function loadToyMixture(saved: SavedModel): ToyMixtureFitted {
  const params = validateParams(TOY_MIXTURE_KEY, toyMixtureParamSpecs, toyMixtureDefaults, saved.params);
  const { means, logWeights } = (saved.state ?? {}) as { means?: unknown; logWeights?: unknown };
  const k = params.nComponents;
  const d = saved.data.nCols;
  if (!Array.isArray(means) || means.length !== k || !means.every((row) => isNumbers(row, d)) || !isNumbers(logWeights, k)) {
    throw new Error(`${TOY_MIXTURE_KEY} model file: state must hold ${k} means of ${d} numbers and ${k} logWeights`);
  }
  const state = { means: tf.tensor2d(means.flat(), [k, d]), logWeights: tf.tensor1d(logWeights) };
  const { engine, seed, iterations, converged, seconds, trace } = saved.fit;
  return new ToyMixtureFitted(params, state, { engine, seed, iterations, converged, seconds, trace, columns: saved.data.columns, nRows: saved.data.nRows });
}
