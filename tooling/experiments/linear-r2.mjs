// Linear probe of block identifiability, the companion of @latentkit/metrics' kernel-ridge block R² in the cvae study:
// ordinary least squares with an intercept of each true column on the estimated block, fitted on the first 2,000 rows
// and scored on the next 1,000 (or the first 2/3 and the rest with fewer than 3,000 rows), test R² averaged over the
// true columns. Same rule as `linear_r2` of tooling/reference/cvae_reference.py (scikit-learn's LinearRegression).

/** Train and test row counts of the split rule above. */
function split(n) {
  if (n >= 3000) return [2000, 1000];
  const k = Math.min(Math.max(Math.floor((n * 2000) / 3000 + 0.5), 1), n - 1);
  return [k, n - k];
}

/** Solves the symmetric positive definite system A x = b (A p×p row-major) by Cholesky, in float64. */
function solveSpd(a, b, p) {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * p + j];
    }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * y[k];
    y[i] = s / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}

/**
 * Test R² of OLS (with intercept) of each column of `truth` on `pred`, averaged over the columns.
 * @param {number[][]} truth N rows of the true block.
 * @param {number[][]} pred N rows of the estimated block.
 */
export function linearR2(truth, pred) {
  const [nTrain, nTest] = split(truth.length);
  const p = pred[0].length + 1;
  const row = (i) => [1, ...pred[i]];
  const xtx = new Float64Array(p * p);
  for (let i = 0; i < nTrain; i++) {
    const r = row(i);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) xtx[a * p + b] += r[a] * r[b];
  }
  const r2 = [];
  for (let j = 0; j < truth[0].length; j++) {
    const xty = new Float64Array(p);
    for (let i = 0; i < nTrain; i++) row(i).forEach((v, a) => (xty[a] += v * truth[i][j]));
    const beta = solveSpd(xtx, xty, p);
    let mean = 0;
    for (let i = nTrain; i < nTrain + nTest; i++) mean += truth[i][j] / nTest;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = nTrain; i < nTrain + nTest; i++) {
      const f = row(i).reduce((s, v, a) => s + v * beta[a], 0);
      ssRes += (truth[i][j] - f) ** 2;
      ssTot += (truth[i][j] - mean) ** 2;
    }
    r2.push(1 - ssRes / ssTot);
  }
  return r2.reduce((a, b) => a + b, 0) / r2.length;
}
