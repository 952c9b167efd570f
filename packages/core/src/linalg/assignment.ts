import { munkres } from 'munkres';
import type { Matrix } from './matrix.js';

/** Options of {@link optimalAssignment}. */
export interface AssignmentOptions {
  /** Maximise the total instead of minimising it (default false). */
  maximize?: boolean;
}

/** Result of {@link optimalAssignment}. */
export interface AssignmentResult {
  /** Column assigned to each row, or −1 for the rows left over when there are more rows than columns. */
  rowToCol: Int32Array;
  /** Σ over assigned rows of cost[i][rowToCol[i]], summed in row order. */
  total: number;
}

/**
 * Optimal assignment (linear sum assignment) for an n×m cost matrix C: finds an injective matching π of
 * min(n, m) rows to distinct columns minimising (or with `maximize`, maximising) Σᵢ C[i][π(i)].
 *
 * Uses the Hungarian (Kuhn–Munkres) algorithm with shortest augmenting paths from the `munkres` package,
 * O(min(n,m)²·max(n,m)). Same optimum as `scipy.optimize.linear_sum_assignment`; when several assignments are
 * optimal either may be returned. Used to match estimated to true components (e.g. for MCC or relabelled accuracy).
 *
 * @param cost - n×m matrix of finite costs (a {@link Matrix} or an array of rows).
 * @param options - `maximize`.
 * @returns `rowToCol` and the attained `total`.
 * @throws RangeError on NaN or infinite entries, or ragged rows.
 * @example
 * ```ts
 * optimalAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]); // rowToCol [1, 0, 2], total 5
 * ```
 */
export function optimalAssignment(cost: Matrix | readonly (readonly number[])[], options: AssignmentOptions = {}): AssignmentResult {
  const rows = toRowArrays(cost);
  const n = rows.length;
  const m = n === 0 ? 0 : rows[0].length;
  const sign = options.maximize ? -1 : 1;
  const work: Float64Array[] = rows.map((row, i) => {
    if (row.length !== m) throw new RangeError(`optimalAssignment: row ${i} has ${row.length} entries, expected ${m}`);
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const c = row[j];
      if (!Number.isFinite(c)) throw new RangeError(`optimalAssignment: cost (${i}, ${j}) is ${c}`);
      out[j] = sign * c;
    }
    return out;
  });
  const rowToCol = new Int32Array(n).fill(-1);
  let total = 0;
  if (n === 0 || m === 0) return { rowToCol, total };
  for (const [i, j] of munkres(work)) rowToCol[i] = j;
  for (let i = 0; i < n; i++) {
    if (rowToCol[i] >= 0) total += rows[i][rowToCol[i]];
  }
  return { rowToCol, total };
}

function toRowArrays(cost: Matrix | readonly (readonly number[])[]): readonly ArrayLike<number>[] {
  if (!('data' in cost)) return cost;
  const out: Float64Array[] = [];
  for (let i = 0; i < cost.rows; i++) out.push(cost.data.subarray(i * cost.cols, (i + 1) * cost.cols));
  return out;
}
