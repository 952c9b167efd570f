import { cholesky, choleskySolve, DataError, matrix, type Dataset, type Rng, requireDense } from '@latentkit/core';
import { columnMoments, correctedColumnMeans } from '../shared/column-moments.js';
import { observedPosterior, posteriorFactors, scatterTerms, type LinearGaussian } from '../shared/linear-gaussian.js';
import { PPCA_KEY, requireNoiseDimensions } from './ppca-closed-form.js';

/**
 * Data as the PPCA EM uses it, built once per fit. Values are centred by the observed column means c
 * (NaN cells kept); the complete rows are summarised by their count, their mean and their scatter about that mean
 * (a centred two-pass, so no sum of squares is ever differenced), the rows with missing cells are visited one by one.
 */
export interface PpcaEmData {
  readonly n: number;
  readonly d: number;
  readonly columns: readonly string[];
  /** c: mean of the observed cells of each column (corrected two-pass). */
  readonly center: Float64Array;
  /** x − c, N×D, NaN for a missing cell. */
  readonly values: Float64Array;
  /** Indices of the rows with at least one missing cell. */
  readonly incomplete: Int32Array;
  readonly nComplete: number;
  /** x̄ − c: the mean of the complete rows, centred (D). */
  readonly completeMean: Float64Array;
  /** Σ_{complete i} (x_i − x̄)(x_i − x̄)ᵀ (D×D), about the complete rows' own mean. */
  readonly scatter: Float64Array;
  /** Σ_{i observing j} (x_ij − c_j)² (D). */
  readonly sumSq: Float64Array;
  /** Number of observed cells. */
  readonly nObserved: number;
}

export function preparePpcaEmData(data: Dataset, k: number): PpcaEmData {
  const ds = requireDense(data, PPCA_KEY);
  const { nRows: n, nCols: d, values: raw } = ds;
  requireNoiseDimensions(k, d);
  for (let q = 0; q < raw.length; q++) {
    const v = raw[q];
    if (!Number.isNaN(v) && !Number.isFinite(v)) {
      throw new DataError(`expected a finite number, got ${v}`, {
        file: ds.source ?? '<data>',
        row: Math.floor(q / d) + 1,
        column: ds.columns[q % d],
        columnIndex: (q % d) + 1,
      });
    }
  }
  const center = correctedColumnMeans(raw, n, d);
  for (let j = 0; j < d; j++) if (Number.isNaN(center[j])) throw new Error(`${PPCA_KEY}: column '${ds.columns[j]}' has no observed value`);
  const values = new Float64Array(n * d);
  const sumSq = new Float64Array(d);
  const incomplete: number[] = [];
  const complete: number[] = [];
  let nObserved = 0;
  for (let i = 0; i < n; i++) {
    let full = true;
    for (let j = 0; j < d; j++) {
      const v = raw[i * d + j] - center[j];
      values[i * d + j] = v;
      if (Number.isNaN(v)) full = false;
      else {
        sumSq[j] += v * v;
        nObserved++;
      }
    }
    (full ? complete : incomplete).push(i);
  }
  const nComplete = complete.length;
  const completeRows = new Float64Array(nComplete * d);
  complete.forEach((i, r) => completeRows.set(values.subarray(i * d, (i + 1) * d), r * d));
  const moments = nComplete > 0 ? columnMoments(completeRows, nComplete, d) : { mean: new Float64Array(d), cov: new Float64Array(d * d) };
  return {
    n,
    d,
    columns: ds.columns,
    center,
    values,
    incomplete: Int32Array.from(incomplete),
    nComplete,
    completeMean: moments.mean,
    scatter: moments.cov.map((v) => v * nComplete),
    sumSq,
    nObserved,
  };
}

/**
 * Starting point of the EM: μ = c, σ² = v̄ (the mean variance of the observed cells about c) and
 * W_jk ~ N(0, v̄ / K) drawn from `rng`.
 */
export function ppcaEmInit(data: PpcaEmData, k: number, rng: Rng): LinearGaussian {
  const { d } = data;
  let total = 0;
  for (let j = 0; j < d; j++) total += data.sumSq[j];
  const v = total / data.nObserved;
  if (!(v > 0)) throw new Error(`${PPCA_KEY}: every observed column is constant; there is no variance to model`);
  const loadings = rng.fillNormal(new Float64Array(d * k)).map((x) => x * Math.sqrt(v / k));
  return { d, k, mean: Float64Array.from(data.center), loadings, noise: new Float64Array(d).fill(v) };
}

/**
 * Expected sufficient statistics of the E-step, in the centred coordinates x − c, with z̃ = (z, 1):
 * A = Σ_i E[z̃_i z̃_iᵀ] over all rows, A_j^miss = the same sum over the rows that miss column j, and
 * b_j = Σ_{i observing j} E[z̃_i] (x_ij − c_j).
 */
export interface PpcaEmStats {
  /** A ((K+1)×(K+1)). */
  readonly a: Float64Array;
  /** A_j^miss, D blocks of (K+1)×(K+1). */
  readonly aMiss: Float64Array;
  /** b_j, D rows of K+1. */
  readonly b: Float64Array;
}

/**
 * E-step of PPCA with missing values (Tipping & Bishop 1999, Appendix; Ilin & Raiko 2010, §3): for a row with
 * observed cells O, z | x_O ~ N(M_O⁻¹ W_Oᵀ (x_O − μ_O), σ² M_O⁻¹) with M_O = σ²I + W_OᵀW_O. Complete rows share one
 * posterior and enter only through their count, mean and centred scatter (O(D²K) per iteration); the other rows are visited
 * one by one (O(|O|·K²) each). The objective is the mean over rows of log N(x_O | μ_O, W_O W_Oᵀ + σ²I).
 */
export function ppcaEStep(state: LinearGaussian, data: PpcaEmData): { stats: PpcaEmStats; objective: number } {
  const { d, k } = state;
  const k1 = k + 1;
  const mu = Float64Array.from(state.mean, (m, j) => m - data.center[j]);
  const centred: LinearGaussian = { ...state, mean: mu };
  const a = new Float64Array(k1 * k1);
  const b = new Float64Array(d * k1);
  const aMiss = new Float64Array(d * k1 * k1);
  let logLik = 0;
  const nc = data.nComplete;
  if (nc > 0) {
    const f = posteriorFactors(centred);
    // r̄ = x̄ − μ in the centred coordinates; the scatter about μ is S_c/nc + r̄ r̄ᵀ (exact, no cancellation).
    const rbar = Float64Array.from(data.completeMean, (m, j) => m - mu[j]);
    const smu = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) smu[i * d + j] = data.scatter[i * d + j] / nc + rbar[i] * rbar[j];
    }
    const terms = scatterTerms(centred, smu, f);
    logLik += nc * terms.logLik;
    const g = f.cov;
    // Σ E[z zᵀ] = nc (G + G Q G), Σ E[z] = nc B r̄, and Σ E[z_i] (x_i − c)ᵀ = B Σ (x_i − μ)(x_i − c)ᵀ = B (S_c + nc r̄ (x̄ − c)ᵀ).
    const qg = new Float64Array(k * k);
    for (let p = 0; p < k; p++) for (let r = 0; r < k; r++) for (let s = 0; s < k; s++) qg[p * k + r] += terms.q[p * k + s] * g[s * k + r];
    const ez = new Float64Array(k);
    for (let p = 0; p < k; p++) {
      for (let r = 0; r < k; r++) {
        let s = g[p * k + r];
        for (let t = 0; t < k; t++) s += g[p * k + t] * qg[t * k + r];
        a[p * k1 + r] = nc * s;
      }
      for (let j = 0; j < d; j++) ez[p] += f.proj[p * d + j] * rbar[j];
      a[p * k1 + k] = nc * ez[p];
      a[k * k1 + p] = nc * ez[p];
    }
    a[k * k1 + k] = nc;
    for (let j = 0; j < d; j++) {
      const xj = data.completeMean[j];
      for (let p = 0; p < k; p++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += f.proj[p * d + l] * data.scatter[l * d + j];
        b[j * k1 + p] = s + nc * ez[p] * xj;
      }
      b[j * k1 + k] = nc * xj;
    }
  }
  const e = new Float64Array(k1 * k1);
  for (const i of data.incomplete) {
    const row = data.values.subarray(i * d, (i + 1) * d);
    const post = observedPosterior(centred, row, true);
    if (post.nObs === 0) continue;
    logLik += post.logLik;
    const m = post.mean;
    const cov = post.cov!;
    for (let p = 0; p < k; p++) {
      for (let r = 0; r < k; r++) e[p * k1 + r] = cov[p * k + r] + m[p] * m[r];
      e[p * k1 + k] = m[p];
      e[k * k1 + p] = m[p];
    }
    e[k * k1 + k] = 1;
    for (let q = 0; q < e.length; q++) a[q] += e[q];
    for (let j = 0; j < d; j++) {
      const x = row[j];
      if (Number.isNaN(x)) {
        const o = j * k1 * k1;
        for (let q = 0; q < e.length; q++) aMiss[o + q] += e[q];
      } else {
        for (let p = 0; p < k; p++) b[j * k1 + p] += m[p] * x;
        b[j * k1 + k] += x;
      }
    }
  }
  return { stats: { a, aMiss, b }, objective: logLik / data.n };
}

/**
 * M-step: for every column j, (w_j, μ_j) = (A − A_j^miss)⁻¹ b_j (the regression of the observed x_ij on E[z̃_i]),
 * then σ² = (1/#observed) Σ_j [Σ_{i observing j} (x_ij − c_j)² − (w_j, μ_j)·b_j]. This jointly maximises the
 * expected complete-data log-likelihood, so the observed-data likelihood never decreases.
 */
export function ppcaMStep(state: LinearGaussian, stats: PpcaEmStats, data: PpcaEmData): LinearGaussian {
  const { d, k } = state;
  const k1 = k + 1;
  const loadings = new Float64Array(d * k);
  const mean = new Float64Array(d);
  const aj = new Float64Array(k1 * k1);
  let residual = 0;
  for (let j = 0; j < d; j++) {
    for (let q = 0; q < aj.length; q++) aj[q] = stats.a[q] - stats.aMiss[j * k1 * k1 + q];
    const bj = stats.b.subarray(j * k1, (j + 1) * k1);
    const l = cholesky(matrix(k1, k1, aj), {
      name: `the posterior second moments of the rows observing column '${data.columns[j]}'`,
      hint: 'too few observed values for nComponents',
    });
    const theta = choleskySolve(l, Float64Array.from(bj));
    for (let p = 0; p < k; p++) loadings[j * k + p] = theta[p];
    mean[j] = data.center[j] + theta[k];
    let tb = 0;
    for (let p = 0; p < k1; p++) tb += theta[p] * bj[p];
    residual += data.sumSq[j] - tb;
  }
  const sigma2 = residual / data.nObserved;
  if (!(sigma2 > 0))
    throw new Error(`${PPCA_KEY}: the noise variance σ² fell to ${sigma2.toPrecision(2)}: the data are (nearly) of rank nComponents=${k}; reduce nComponents`);
  return { d, k, mean, loadings, noise: new Float64Array(d).fill(sigma2) };
}
