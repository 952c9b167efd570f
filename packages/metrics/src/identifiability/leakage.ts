import type { ParamSpec } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { selectRows, type Table } from '../input/metric-input.js';
import { KERNEL_RIDGE_R2_DEFAULTS, KERNEL_RIDGE_R2_PARAMS, kernelRidgeR2, mean, type KernelRidgeR2Params } from './kernel-ridge-r2.js';

/** Parameters of `metrics/leakage`: the columns of each block (`null`: by name prefix) and those of the regression. */
export interface LeakageParams extends KernelRidgeR2Params {
  /** True shared columns; `null`: those named `z…` (`datasets/contrastive-sim`'s `z1..`). */
  trueShared: string[] | null;
  /** True salient columns; `null`: those named `t…`. */
  trueSalient: string[] | null;
  /** Estimated shared columns; `null`: those named `shared…` (`contrastive/cvae`'s transform). */
  predShared: string[] | null;
  /** Estimated salient columns; `null`: those named `salient…`. */
  predSalient: string[] | null;
}

const columnList = (description: string, example: string[]): ParamSpec => ({ type: 'array', items: { type: 'string' }, examples: [example], description });

/** The columns of `t` named in `names`, or (names `null`) those starting with `prefix`; a one-line error if none or unknown. */
function block(key: string, t: Table, names: readonly string[] | null, prefix: string, param: string): number[] {
  if (names === null) {
    const idx = t.columns.flatMap((c, j) => (c.startsWith(prefix) ? [j] : []));
    if (idx.length === 0)
      throw new Error(`${key}: ${t.name} has no column named ${prefix}…; name the block with ${param}=[...] (columns: ${t.columns.join(', ')})`);
    return idx;
  }
  if (names.length === 0) throw new Error(`${key}: ${param} is empty; name at least one column of ${t.name}`);
  return names.map((n) => {
    const j = t.columns.indexOf(n);
    if (j < 0) throw new Error(`${key}: ${param} names '${n}', which is not a column of ${t.name} (columns: ${t.columns.join(', ')})`);
    return j;
  });
}

function columnsOf(t: Table, cols: readonly number[], rows: readonly number[]): Table {
  const sub = selectRows(t, rows);
  const values = new Float64Array(rows.length * cols.length);
  for (let i = 0; i < rows.length; i++) for (let k = 0; k < cols.length; k++) values[i * cols.length + k] = sub.values[i * t.nCols + cols[k]];
  return { nRows: rows.length, nCols: cols.length, values, columns: cols.map((j) => t.columns[j]), name: t.name };
}

const { plugin, fn } = metric({
  id: 'leakage',
  description: 'Leakage between blocks: test R² of each true block regressed on the other estimated block, on target rows.',
  params: {
    ...KERNEL_RIDGE_R2_PARAMS,
    trueShared: columnList('True shared columns (default: those named z…).', ['z1', 'z2']),
    trueSalient: columnList('True salient columns (default: those named t…).', ['t1', 't2']),
    predShared: columnList('Estimated shared columns (default: those named shared…).', ['shared1', 'shared2']),
    predSalient: columnList('Estimated salient columns (default: those named salient…).', ['salient1', 'salient2']),
  },
  defaults: { ...KERNEL_RIDGE_R2_DEFAULTS, trueShared: null, trueSalient: null, predShared: null, predSalient: null } as LeakageParams,
  compute(truth, pred, params, key) {
    const tz = block(key, truth, params.trueShared, 'z', 'trueShared');
    const tt = block(key, truth, params.trueSalient, 't', 'trueSalient');
    const pz = block(key, pred, params.predShared, 'shared', 'predShared');
    const pt = block(key, pred, params.predSalient, 'salient', 'predSalient');
    const rows: number[] = [];
    for (let i = 0; i < truth.nRows; i++) if (tt.some((j) => truth.values[i * truth.nCols + j] !== 0)) rows.push(i);
    if (rows.length < 2) throw new Error(`${key}: needs at least 2 target rows (rows whose true salient columns are not all 0), got ${rows.length}`);
    const salient = kernelRidgeR2(columnsOf(truth, tt, rows), columnsOf(pred, pz, rows), params, key);
    const shared = kernelRidgeR2(columnsOf(truth, tz, rows), columnsOf(pred, pt, rows), params, key);
    const salientFromShared = mean(salient.r2);
    const sharedFromSalient = mean(shared.r2);
    return {
      /** The mean of the two directions (≤ 1; near 0: the blocks are separated). */
      value: (salientFromShared + sharedFromSalient) / 2,
      /** The two directions, and `r2:<true column>` of every true column of both blocks. */
      parts: {
        /** Block R² of the true salient block t on the estimated shared block ẑ. */
        salientFromShared,
        /** Block R² of the true shared block z on the estimated salient block t̂. */
        sharedFromSalient,
        ...Object.fromEntries(tt.map((j, k) => [`r2:${truth.columns[j]}`, salient.r2[k]])),
        ...Object.fromEntries(tz.map((j, k) => [`r2:${truth.columns[j]}`, shared.r2[k]])),
      },
      /** γ and the rows of the regressions, and the target rows they were drawn from. */
      settings: {
        ...salient.settings,
        /** Number of target rows (true salient columns not all 0). */
        targetRows: rows.length,
      },
    };
  },
});

/**
 * Leakage between the shared and salient blocks of a contrastive model (`metrics/leakage`): how much of each true
 * block can be recovered from the *other* estimated block. `salientFromShared` is the block R² (same kernel ridge
 * regression, seeded shuffle split and standardisation as `metrics/block-r2`) of the true salient block t on the
 * estimated shared block ẑ; `sharedFromSalient` that of the true shared block z on the estimated salient block t̂;
 * the value is their mean. Both are computed on target rows only: the rows whose true salient columns are not all 0
 * (`datasets/contrastive-sim` writes t = 0 on background rows). Near 0 (slightly below, from overfitting) when the
 * blocks are separated, near 1 when one estimated block carries the other true block.
 *
 * Blocks are chosen by column name: truth `z…`/`t…`, pred `shared…`/`salient…` by default, or `trueShared`,
 * `trueSalient`, `predShared`, `predSalient` lists. Parts: `salientFromShared`, `sharedFromSalient`, `r2:<true column>`.
 * @example
 * ```ts
 * leakage(truthFactors, cvaeTransform).parts.salientFromShared; // 0.03
 * ```
 */
export const leakage = fn;
/** The `metrics/leakage` plugin; see {@link leakage}. */
export const leakagePlugin = plugin;
