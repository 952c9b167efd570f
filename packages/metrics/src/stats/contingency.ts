import type { Labels } from './labels.js';

/** The non-zero cells of the contingency table of two labellings of the same rows. */
export interface Contingency {
  readonly n: number;
  /** Row sums (classes of `a`) and column sums (classes of `b`). */
  readonly rowSums: Float64Array;
  readonly colSums: Float64Array;
  /** Non-zero cells: class of `a`, class of `b`, count, ordered by (a, b) as scipy's sparse `nonzero()` lists them. */
  readonly cellA: Int32Array;
  readonly cellB: Int32Array;
  readonly count: Float64Array;
}

/** Contingency table n_kl = #{i : aᵢ = k, bᵢ = l} (sklearn's `contingency_matrix`), kept sparse. */
export function contingency(a: Labels, b: Labels): Contingency {
  const n = a.codes.length;
  if (b.codes.length !== n) throw new RangeError(`contingency: ${n} and ${b.codes.length} labels`);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = a.codes[i] * b.nClasses + b.codes[i];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((x, y) => x - y);
  const cellA = new Int32Array(keys.length);
  const cellB = new Int32Array(keys.length);
  const count = new Float64Array(keys.length);
  const rowSums = new Float64Array(a.nClasses);
  const colSums = new Float64Array(b.nClasses);
  keys.forEach((key, q) => {
    cellA[q] = Math.floor(key / b.nClasses);
    cellB[q] = key % b.nClasses;
    count[q] = counts.get(key)!;
    rowSums[cellA[q]] += count[q];
    colSums[cellB[q]] += count[q];
  });
  return { n, rowSums, colSums, cellA, cellB, count };
}

/**
 * Mutual information (natural log) of two labellings, exactly as scikit-learn 1.2's `mutual_info_score`:
 * I = Σ_kl (n_kl/N)·(log n_kl − log N) + (n_kl/N)·(log N + log N − log(a_k·b_l)) over non-zero cells, each
 * term below machine epsilon in size set to 0, the sum clipped at 0; 0 when either labelling has one class.
 */
export function mutualInfoScore(a: Labels, b: Labels): number {
  return mutualInfoFromContingency(contingency(a, b));
}

/** {@link mutualInfoScore} from a contingency table. */
export function mutualInfoFromContingency(c: Contingency): number {
  if (nonZero(c.rowSums) <= 1 || nonZero(c.colSums) <= 1) return 0;
  const logN = Math.log(c.n);
  let mi = 0;
  for (let q = 0; q < c.count.length; q++) {
    const nm = c.count[q] / c.n;
    const outer = c.rowSums[c.cellA[q]] * c.colSums[c.cellB[q]];
    const term = nm * (Math.log(c.count[q]) - logN) + nm * (-Math.log(outer) + logN + logN);
    if (Math.abs(term) >= Number.EPSILON) mi += term;
  }
  return Math.max(mi, 0);
}

const nonZero = (v: Float64Array): number => v.reduce((k, x) => (x > 0 ? k + 1 : k), 0);

/** Entropy (natural log) of a labelling, as scikit-learn's `entropy`: −Σ_k (n_k/N)(log n_k − log N). */
export function labelEntropy(a: Labels): number {
  const counts = new Float64Array(a.nClasses);
  for (const k of a.codes) counts[k]++;
  const n = a.codes.length;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * (Math.log(c) - Math.log(n));
  return h;
}
