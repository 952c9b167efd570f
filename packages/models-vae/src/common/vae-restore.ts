import { createRng } from '@latentkit/core';
import type { RestoreInput } from '@latentkit/registry';
import { toVariables, weightsFromJson } from '../nn/weights.js';
import type { DataInfo, InputTransform } from './vae-data.js';
import type { ExtraState, VaeFamily } from './vae-family.js';
import { FittedVae } from './vae-fitted.js';
import type { VaeTrainingParams } from './vae-params.js';

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

/** The saved target group names: distinct non-empty strings. */
function groupNames(v: unknown, key: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((g) => typeof g !== 'string' || g === '') || new Set(v).size !== v.length)
    throw new Error(`${key} model file: state.groups must list the target group names, distinct non-empty strings`);
  return v as string[];
}

/**
 * Rebuild a fitted model from a saved file, checking every weight's shape (against a fresh model of the saved
 * parameters), the input transform and the extra state.
 */
export function restoreVae<P extends VaeTrainingParams>(family: VaeFamily<P>, { params, state, info }: RestoreInput<P>): FittedVae<P> {
  const key = family.key;
  const s = state as Record<string, any> | undefined;
  if (!s || typeof s !== 'object') throw new Error(`${key} model file: state is missing`);
  const columns = info.data?.columns;
  if (!Array.isArray(columns) || columns.length !== info.data.nCols) throw new Error(`${key} model file: data.columns must list data.nCols names`);
  const d = columns.length;
  const groups = s.groups === undefined ? undefined : groupNames(s.groups, key);
  const shape: DataInfo = {
    n: info.data.nRows,
    d,
    columns,
    mean: new Float64Array(d),
    sd: new Float64Array(d).fill(1),
    constant: [],
    ...(groups && { groups }),
  };
  const expected = family.init(params, shape, createRng(0));
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
  return new FittedVae(family, params, { weights: toVariables(values), input, extra, ...(groups && { groups }) }, info);
}
