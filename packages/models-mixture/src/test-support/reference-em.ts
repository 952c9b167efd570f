import type { CovarianceType } from '../gmm/gmm-params.js';

/** Result of {@link referenceEm}: the mean log-likelihood at the final parameters, or the failing component. */
export type ReferenceEmResult =
  | { readonly ok: true; readonly score: number; readonly minPivotRatio: number }
  | { readonly ok: false; readonly component: number; readonly minPivotRatio: number };

const LOG_2PI = Math.log(2 * Math.PI);
const EPS10 = 10 * Number.EPSILON;

/**
 * Plain float64 EM for a Gaussian mixture, written for clarity, as the oracle of the property tests: start from the
 * one-hot assignment of every row to its nearest mean in `meansInit` (ties to the lower index), then `iterations`
 * times E-step and M-step; covariances by a centred two-pass sum Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ / N_k + reg·I
 * (diag: its diagonal; spherical: its mean diagonal; tied: Σ_k N_k Σ_k / N), with N_k = Σ_i r_ik + 10ε, as
 * scikit-learn. Returns the mean log-likelihood per row at the final parameters, or the first component whose
 * covariance has no Cholesky factor (0 for tied), and the smallest pivot ratio met on the way: a Cholesky pivot p_j
 * of a component covariance (the variance of coordinate j left given the ones before it) over the variance of column j
 * of the whole data, i.e. how narrow a component gets relative to the data's own spread.
 */
export function referenceEm(
  x: Float64Array,
  n: number,
  d: number,
  meansInit: readonly (readonly number[])[],
  covarianceType: CovarianceType,
  regCovar: number,
  iterations: number,
): ReferenceEmResult {
  const k = meansInit.length;
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j] - meansInit[c][j]) ** 2;
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    resp[i * k + best] = 1;
  }
  const colVar = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + j] / n;
    for (let i = 0; i < n; i++) colVar[j] += (x[i * d + j] - m) ** 2 / n;
  }
  let minPivotRatio = Infinity;
  let params = mStep(x, n, d, k, resp, covarianceType, regCovar);
  for (let t = 0; ; t++) {
    const chol: Float64Array[] = [];
    for (let c = 0; c < k; c++) {
      const f = cholesky(params.cov.subarray(c * d * d, (c + 1) * d * d), d, colVar);
      minPivotRatio = Math.min(minPivotRatio, f.ratio);
      if (!f.l) return { ok: false, component: covarianceType === 'tied' ? 0 : c + 1, minPivotRatio };
      chol.push(f.l);
    }
    const score = eStep(x, n, d, k, params, chol, resp);
    if (t === iterations) return { ok: true, score, minPivotRatio };
    params = mStep(x, n, d, k, resp, covarianceType, regCovar);
  }
}

interface Params {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly cov: Float64Array;
}

function mStep(x: Float64Array, n: number, d: number, k: number, resp: Float64Array, type: CovarianceType, reg: number): Params {
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const cov = new Float64Array(k * d * d);
  const nk = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) nk[c] += resp[i * k + c];
    nk[c] += EPS10;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[c * d + j] += resp[i * k + c] * x[i * d + j];
    for (let j = 0; j < d; j++) means[c * d + j] /= nk[c];
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          cov[c * d * d + a * d + b] += (resp[i * k + c] * (x[i * d + a] - means[c * d + a]) * (x[i * d + b] - means[c * d + b])) / nk[c];
        }
      }
    }
  }
  let total = 0;
  for (let c = 0; c < k; c++) total += nk[c];
  for (let c = 0; c < k; c++) weights[c] = nk[c] / total;
  if (type === 'tied') {
    const pooled = new Float64Array(d * d);
    for (let c = 0; c < k; c++) for (let i = 0; i < d * d; i++) pooled[i] += (nk[c] * cov[c * d * d + i]) / total;
    for (let a = 0; a < d; a++) pooled[a * d + a] += reg;
    for (let c = 0; c < k; c++) cov.set(pooled, c * d * d);
    return { weights, means, cov };
  }
  for (let c = 0; c < k; c++) {
    const m = cov.subarray(c * d * d, (c + 1) * d * d);
    if (type === 'full') {
      for (let a = 0; a < d; a++) m[a * d + a] += reg;
      continue;
    }
    let mean = 0;
    for (let a = 0; a < d; a++) mean += m[a * d + a] / d;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) if (a !== b) m[a * d + b] = 0;
    for (let a = 0; a < d; a++) m[a * d + a] = (type === 'spherical' ? mean : m[a * d + a]) + reg;
  }
  return { weights, means, cov };
}

/** Fills `resp`, returns the mean log-likelihood. */
function eStep(x: Float64Array, n: number, d: number, k: number, p: Params, chol: Float64Array[], resp: Float64Array): number {
  const lp = new Float64Array(k);
  const y = new Float64Array(d);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const l = chol[c];
      let maha = 0;
      let logDet = 0;
      for (let a = 0; a < d; a++) {
        let s = x[i * d + a] - p.means[c * d + a];
        for (let b = 0; b < a; b++) s -= l[a * d + b] * y[b];
        y[a] = s / l[a * d + a];
        maha += y[a] * y[a];
        logDet += Math.log(l[a * d + a]);
      }
      lp[c] = Math.log(p.weights[c]) - 0.5 * d * LOG_2PI - logDet - 0.5 * maha;
      max = Math.max(max, lp[c]);
    }
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(lp[c] - max);
    const lse = max + Math.log(s);
    sum += lse;
    for (let c = 0; c < k; c++) resp[i * k + c] = Math.exp(lp[c] - lse);
  }
  return sum / n;
}

function cholesky(a: Float64Array, d: number, scale: Float64Array): { l: Float64Array | null; ratio: number } {
  const l = new Float64Array(d * d);
  let ratio = Infinity;
  for (let j = 0; j < d; j++) {
    for (let i = j; i < d; i++) {
      let s = a[i * d + j];
      for (let t = 0; t < j; t++) s -= l[i * d + t] * l[j * d + t];
      if (i === j) {
        ratio = Math.min(ratio, scale[j] > 0 ? s / scale[j] : 0);
        if (!(s > 0)) return { l: null, ratio };
        l[j * d + j] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  }
  return { l, ratio };
}
