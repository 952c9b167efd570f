/**
 * Float64 posteriors of one row from its observed cells only, written from the definitions with plain Gaussian
 * elimination (no library code), to check what `transform` and `score` print for rows with missing cells.
 */

/** Solve A x = b (A n×n row-major, small) by Gaussian elimination with partial pivoting; also returns log |det A|. */
export function solve(a: readonly number[], b: readonly number[], n: number): { x: number[]; logAbsDet: number } {
  const m = [...a];
  const x = [...b];
  let logAbsDet = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (p !== c) {
      for (let j = 0; j < n; j++) [m[c * n + j], m[p * n + j]] = [m[p * n + j], m[c * n + j]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    logAbsDet += Math.log(Math.abs(m[c * n + c]));
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let j = c; j < n; j++) m[r * n + j] -= f * m[c * n + j];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let j = c + 1; j < n; j++) s -= m[c * n + j] * x[j];
    x[c] = s / m[c * n + c];
  }
  return { x, logAbsDet };
}

/** log N(x | μ, Σ) for Σ given as a function of (row, column) over the same n coordinates. */
export function logGauss(x: readonly number[], mu: readonly number[], cov: (i: number, j: number) => number): number {
  const n = x.length;
  if (n === 0) return 0;
  const s = Array.from({ length: n * n }, (_, q) => cov(Math.floor(q / n), q % n));
  const r = x.map((v, i) => v - mu[i]);
  const { x: y, logAbsDet } = solve(s, r, n);
  const quad = r.reduce((t, v, i) => t + v * y[i], 0);
  return -0.5 * (n * Math.log(2 * Math.PI) + logAbsDet + quad);
}

/** Indices of the observed (non-NaN) cells of a row. */
export const observedOf = (row: readonly number[]): number[] => row.flatMap((v, j) => (Number.isNaN(v) ? [] : [j]));

/** A saved `mixture/gmm` state (the `state` of a model file). */
export interface GmmSaved {
  readonly weights: number[];
  readonly means: number[][];
  readonly covariances: number[][][];
}

/** Responsibilities r_k ∝ π_k N(x_o | μ_k,o, Σ_k,oo) of a row and its log-likelihood log Σ_k π_k N(x_o | …). */
export function gmmObserved(s: GmmSaved, row: readonly number[]): { resp: number[]; logLik: number } {
  const o = observedOf(row);
  const xo = o.map((j) => row[j]);
  const logs = s.weights.map(
    (w, k) =>
      Math.log(w) +
      logGauss(
        xo,
        o.map((j) => s.means[k][j]),
        (a, b) => s.covariances[k][o[a]][o[b]],
      ),
  );
  const top = Math.max(...logs);
  const sum = logs.reduce((t, v) => t + Math.exp(v - top), 0);
  const logLik = top + Math.log(sum);
  return { resp: logs.map((v) => Math.exp(v - logLik)), logLik };
}

/** A saved `factor/ppca` state. */
export interface PpcaSaved {
  readonly mean: number[];
  /** D rows of K numbers. */
  readonly loadings: number[][];
  readonly noiseVariance: number;
}

/** E[z | x_o] = (W_oᵀW_o + σ²I)⁻¹ W_oᵀ(x_o − μ_o) and log N(x_o | μ_o, W_oW_oᵀ + σ²I) of a row. */
export function ppcaObserved(s: PpcaSaved, row: readonly number[]): { mean: number[]; logLik: number } {
  const o = observedOf(row);
  const k = s.loadings[0].length;
  const w = (j: number, a: number) => s.loadings[j][a];
  const m = Array.from({ length: k * k }, (_, q) => {
    const [a, b] = [Math.floor(q / k), q % k];
    return o.reduce((t, j) => t + w(j, a) * w(j, b), a === b ? s.noiseVariance : 0);
  });
  const rhs = Array.from({ length: k }, (_, a) => o.reduce((t, j) => t + w(j, a) * (row[j] - s.mean[j]), 0));
  const logLik = logGauss(
    o.map((j) => row[j]),
    o.map((j) => s.mean[j]),
    (a, b) => s.loadings[o[a]].reduce((t, v, c) => t + v * w(o[b], c), a === b ? s.noiseVariance : 0),
  );
  return { mean: solve(m, rhs, k).x, logLik };
}
