/** Settings of {@link fitLasso}; scikit-learn's `Lasso` defaults are maxIter 1000 and tol 1e-4. */
export interface LassoOptions {
  readonly alpha: number;
  readonly maxIter?: number;
  readonly tol?: number;
}

/** A fitted lasso: ŷ = x·coef + intercept. */
export interface LassoFit {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly iterations: number;
}

/**
 * scikit-learn 1.2's `Lasso(alpha, fit_intercept=True)`: minimises (1/(2n))‖y − Xw − b‖² + α‖w‖₁ by cyclic
 * coordinate descent on the centred data (`cd_fast.enet_coordinate_descent` with random=False), starting from w = 0,
 * stopping when max|Δw_j|/max|w_j| < tol and the duality gap is below tol·‖y_c‖² (or after `maxIter` sweeps).
 *
 * @param x - row-major n×p design matrix.
 * @param y - n targets.
 */
export function fitLasso(x: Float64Array, y: Float64Array, n: number, p: number, options: LassoOptions): LassoFit {
  const maxIter = options.maxIter ?? 1000;
  const dwTol = options.tol ?? 1e-4;
  const alpha = options.alpha * n;
  const xMean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xMean[j] += x[i * p + j] / n;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i] / n;
  const cols = Array.from({ length: p }, (_, j) => Float64Array.from({ length: n }, (_, i) => x[i * p + j] - xMean[j]));
  const yc = y.map((v) => v - yMean);
  const norms = cols.map((c) => dot(c, c));
  const w = new Float64Array(p);
  const r = yc.slice();
  const tol = dwTol * dot(yc, yc);
  let iterations = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    iterations = iter + 1;
    let wMax = 0;
    let dwMax = 0;
    for (let j = 0; j < p; j++) {
      if (norms[j] === 0) continue;
      const old = w[j];
      if (old !== 0) axpy(old, cols[j], r);
      const tmp = dot(cols[j], r);
      w[j] = (Math.sign(tmp) * Math.max(Math.abs(tmp) - alpha, 0)) / norms[j];
      if (w[j] !== 0) axpy(-w[j], cols[j], r);
      dwMax = Math.max(dwMax, Math.abs(w[j] - old));
      wMax = Math.max(wMax, Math.abs(w[j]));
    }
    if (wMax === 0 || dwMax / wMax < dwTol || iter === maxIter - 1) {
      let dualNorm = 0;
      for (let j = 0; j < p; j++) dualNorm = Math.max(dualNorm, Math.abs(dot(cols[j], r)));
      const rNorm2 = dot(r, r);
      let gap: number;
      let k = 1;
      if (dualNorm > alpha) {
        k = alpha / dualNorm;
        gap = 0.5 * (rNorm2 + rNorm2 * k * k);
      } else gap = rNorm2;
      const l1 = w.reduce((s, v) => s + Math.abs(v), 0);
      gap += alpha * l1 - k * dot(r, yc);
      if (gap < tol) break;
    }
  }
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= xMean[j] * w[j];
  return { coef: w, intercept, iterations };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}
