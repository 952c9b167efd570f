import { column, type Table } from '../input/metric-input.js';
import { histogramDiscretize } from './histogram.js';

/** Class labels encoded as 0 … nClasses − 1 in increasing order of the original values (numpy's `np.unique`). */
export interface Labels {
  readonly codes: Int32Array;
  readonly nClasses: number;
  /** The original value of each class, increasing. */
  readonly classes: Float64Array;
}

/** Encode label values as 0 … K − 1, classes sorted increasingly. */
export function encodeLabels(values: ArrayLike<number>): Labels {
  const classes = Float64Array.from(new Set(Array.from(values))).sort();
  const index = new Map<number, number>();
  classes.forEach((c, k) => index.set(c, k));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = index.get(values[i])!;
  return { codes, nClasses: classes.length, classes };
}

/** Whether every value is an integer (so the column is used as class labels as it is). */
export function isIntegerValued(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isInteger(values[i])) return false;
  return true;
}

/**
 * Class labels of a ground-truth factor: an integer-valued column is used as it is; any other column is discretised
 * with the `bins`-bin histogram rule of {@link histogramDiscretize} (edges from these values).
 */
export function factorLabels(values: ArrayLike<number>, bins: number): Labels {
  return encodeLabels(isIntegerValued(values) ? values : histogramDiscretize(values, bins));
}

/**
 * One label per row of a table: a single column is the labels; several columns (scores, responsibilities,
 * one-hot codes) give the index of the row's largest value, the first one on ties (numpy's `argmax`).
 */
export function rowLabels(t: Table): Labels {
  if (t.nCols === 1) return encodeLabels(column(t, 0));
  const arg = new Int32Array(t.nRows);
  for (let i = 0; i < t.nRows; i++) {
    let best = 0;
    for (let j = 1; j < t.nCols; j++) if (t.values[i * t.nCols + j] > t.values[i * t.nCols + best]) best = j;
    arg[i] = best;
  }
  return encodeLabels(arg);
}
