import { cholesky, choleskySolve, inverseSpd, logDetFromCholesky, matrix, symmetricEigen, type Rng } from '@latentkit/core';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * A linear-Gaussian latent-variable model: z ~ N(0, I_K), x = μ + W z + ε, ε ~ N(0, Ψ) with Ψ = diag(ψ),
 * so that x ~ N(μ, C) with C = W Wᵀ + Ψ. Factor analysis has a free ψ; probabilistic PCA has ψ_j = σ² for all j.
 * Everything is float64, row-major.
 */
export interface LinearGaussian {
  /** Number of observed features D (columns of the data). */
  readonly d: number;
  /** Number of latent factors K, the columns of W. */
  readonly k: number;
  /** μ (D). */
  readonly mean: Float64Array;
  /** W (D×K): row j holds the loadings of feature j. */
  readonly loadings: Float64Array;
  /** ψ (D): the noise variances, all positive. */
  readonly noise: Float64Array;
}

/**
 * The quantities every computation with a linear-Gaussian model shares (matrix inversion lemma):
 * with P = I + WᵀΨ⁻¹W, the posterior of a complete row is z | x ~ N(P⁻¹WᵀΨ⁻¹(x − μ), P⁻¹),
 * C⁻¹ = Ψ⁻¹ − Ψ⁻¹W P⁻¹ WᵀΨ⁻¹ and log det C = Σ_j log ψ_j + log det P.
 */
export interface PosteriorFactors {
  /** Ψ⁻¹W (D×K). */
  readonly wPsi: Float64Array;
  /** G = P⁻¹ (K×K), the posterior covariance Cov[z | x] of a complete row. */
  readonly cov: Float64Array;
  /** B = G WᵀΨ⁻¹ (K×D), so that E[z | x] = B (x − μ). */
  readonly proj: Float64Array;
  /** log det(W Wᵀ + Ψ). */
  readonly logDetC: number;
}

/** {@link PosteriorFactors} of a model, in O(D·K²) flops. */
export function posteriorFactors(m: LinearGaussian): PosteriorFactors {
  const { d, k, loadings: w, noise } = m;
  const wPsi = new Float64Array(d * k);
  const p = new Float64Array(k * k);
  let logDetPsi = 0;
  for (let j = 0; j < d; j++) {
    logDetPsi += Math.log(noise[j]);
    for (let a = 0; a < k; a++) wPsi[j * k + a] = w[j * k + a] / noise[j];
    for (let a = 0; a < k; a++) {
      const wa = wPsi[j * k + a];
      if (wa === 0) continue;
      for (let b = 0; b < k; b++) p[a * k + b] += wa * w[j * k + b];
    }
  }
  for (let a = 0; a < k; a++) p[a * k + a] += 1;
  const pm = matrix(k, k, p);
  const cov = inverseSpd(pm, { name: 'I + WᵀΨ⁻¹W' }).data;
  const proj = new Float64Array(k * d);
  for (let a = 0; a < k; a++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += cov[a * k + b] * wPsi[j * k + b];
      proj[a * d + j] = s;
    }
  }
  return { wPsi, cov, proj, logDetC: logDetPsi + logDetFromCholesky(cholesky(pm)) };
}

/** The mean log-likelihood of data summarised by its scatter about μ, with the products the EM updates reuse. */
export interface ScatterTerms {
  /** (1/N) Σ_i log N(x_i | μ, C). */
  readonly logLik: number;
  /** T = S_μ Ψ⁻¹W (D×K). */
  readonly t: Float64Array;
  /** Q = WᵀΨ⁻¹ S_μ Ψ⁻¹W (K×K). */
  readonly q: Float64Array;
}

/**
 * Mean log-likelihood (1/N) Σ_i log N(x_i | μ, C) from the scatter S_μ = (1/N) Σ_i (x_i − μ)(x_i − μ)ᵀ (D×D):
 * −½ [D log 2π + log det C + tr(C⁻¹ S_μ)], with tr(C⁻¹ S_μ) = Σ_j (S_μ)_jj / ψ_j − tr(G Q) by the matrix inversion
 * lemma, in O(D²K) flops.
 */
export function scatterTerms(m: LinearGaussian, scatter: Float64Array, f: PosteriorFactors = posteriorFactors(m)): ScatterTerms {
  const { d, k, noise } = m;
  const t = new Float64Array(d * k);
  let diag = 0;
  for (let i = 0; i < d; i++) {
    const row = i * d;
    diag += scatter[row + i] / noise[i];
    for (let j = 0; j < d; j++) {
      const s = scatter[row + j];
      if (s === 0) continue;
      for (let c = 0; c < k; c++) t[i * k + c] += s * f.wPsi[j * k + c];
    }
  }
  const q = new Float64Array(k * k);
  for (let j = 0; j < d; j++) {
    for (let a = 0; a < k; a++) {
      const wa = f.wPsi[j * k + a];
      for (let b = 0; b < k; b++) q[a * k + b] += wa * t[j * k + b];
    }
  }
  let trGQ = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) trGQ += f.cov[a * k + b] * q[b * k + a];
  return { logLik: -0.5 * (d * LOG_2PI + f.logDetC + diag - trGQ), t, q };
}

/**
 * A square root L (D×D, row-major) of a covariance, S = L Lᵀ, from the eigen-decomposition of the scaled matrix
 * D^{-1/2} S D^{-1/2} = V Λ Vᵀ (D = diag S, 1 where S_jj = 0): L = D^{1/2} V diag(√max(λ, 0)). The scaling makes the
 * error relative to each column's own variance: (L Lᵀ)_jk = S_jk + O(D u √(S_jj S_kk)).
 */
export function covarianceRoot(cov: Float64Array, d: number): Float64Array {
  const s = Float64Array.from({ length: d }, (_, j) => (cov[j * d + j] > 0 ? Math.sqrt(cov[j * d + j]) : 1));
  const scaled = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) scaled[i * d + j] = cov[i * d + j] / (s[i] * s[j]);
  const { values, vectors } = symmetricEigen(matrix(d, d, scaled));
  const root = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const f = Math.sqrt(Math.max(values[c], 0));
    for (let j = 0; j < d; j++) root[j * d + c] = s[j] * vectors.data[j * d + c] * f;
  }
  return root;
}

/**
 * Mean log-likelihood (1/N) Σ_i log N(x_i | μ, C) from a square root L of the scatter about μ (S_μ = L Lᵀ, see
 * {@link covarianceRoot}): tr(C⁻¹S_μ) = Σ_c [Σ_j (l_jc − w_jᵀm_c)²/ψ_j + ‖m_c‖²] with m_c = B l_c, the same sum of
 * non-negative terms as the rows' quadratic forms in {@link rowPosteriors}. Unlike Σ_j (S_μ)_jj/ψ_j − tr(G Q) of
 * {@link scatterTerms}, it does not lose digits to cancellation when some ψ_j are tiny (nearly collinear columns).
 */
export function rootLogLik(m: LinearGaussian, root: Float64Array, f: PosteriorFactors = posteriorFactors(m)): number {
  const { d, k, loadings: w, noise } = m;
  const z = new Float64Array(k);
  let trace = 0;
  for (let c = 0; c < d; c++) {
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += f.proj[a * d + j] * root[j * d + c];
      z[a] = s;
      trace += s * s;
    }
    for (let j = 0; j < d; j++) {
      let e = root[j * d + c];
      for (let a = 0; a < k; a++) e -= w[j * k + a] * z[a];
      trace += (e * e) / noise[j];
    }
  }
  return -0.5 * (d * LOG_2PI + f.logDetC + trace);
}

/** The posterior of z given the observed cells of one row, and their log-likelihood. */
export interface RowPosterior {
  /** E[z | x_obs] (K). */
  readonly mean: Float64Array;
  /** Cov[z | x_obs] (K×K), when asked for. */
  readonly cov?: Float64Array;
  /** log N(x_obs | μ_obs, C_obs); 0 for a row with no observed cell. */
  readonly logLik: number;
  readonly nObs: number;
}

/**
 * Posterior of z given the observed (non-NaN) cells O of a row x (length D):
 * with P_O = I + Σ_{j∈O} w_j w_jᵀ / ψ_j and u = Σ_{j∈O} w_j (x_j − μ_j) / ψ_j,
 * E[z | x_O] = P_O⁻¹ u, Cov[z | x_O] = P_O⁻¹, and
 * log N(x_O | μ_O, C_O) = −½ [|O| log 2π + Σ_{j∈O} log ψ_j + log det P_O + Σ_{j∈O} (x_j − μ_j)²/ψ_j − uᵀP_O⁻¹u].
 * A row with no observed cell keeps the prior (mean 0, covariance I) and contributes 0.
 */
export function observedPosterior(m: LinearGaussian, x: ArrayLike<number>, withCov = false): RowPosterior {
  const { d, k, loadings: w, noise, mean: mu } = m;
  const p = new Float64Array(k * k);
  const u = new Float64Array(k);
  let quad = 0;
  let logDetPsi = 0;
  let nObs = 0;
  for (let j = 0; j < d; j++) {
    const xj = x[j];
    if (Number.isNaN(xj)) continue;
    nObs++;
    const r = xj - mu[j];
    const inv = 1 / noise[j];
    quad += r * r * inv;
    logDetPsi += Math.log(noise[j]);
    for (let a = 0; a < k; a++) {
      const wa = w[j * k + a] * inv;
      u[a] += wa * r;
      for (let b = 0; b <= a; b++) p[a * k + b] += wa * w[j * k + b];
    }
  }
  for (let a = 0; a < k; a++) {
    p[a * k + a] += 1;
    for (let b = 0; b < a; b++) p[b * k + a] = p[a * k + b];
  }
  if (nObs === 0) {
    const cov = new Float64Array(k * k);
    for (let a = 0; a < k; a++) cov[a * k + a] = 1;
    return { mean: new Float64Array(k), ...(withCov && { cov }), logLik: 0, nObs };
  }
  const pm = matrix(k, k, p);
  const l = cholesky(pm, { name: 'I + W_OᵀΨ_O⁻¹W_O' });
  const mean = choleskySolve(l, u);
  let um = 0;
  for (let a = 0; a < k; a++) um += u[a] * mean[a];
  const logLik = -0.5 * (nObs * LOG_2PI + logDetPsi + logDetFromCholesky(l) + quad - um);
  return { mean, ...(withCov && { cov: inverseSpd(pm).data }), logLik, nObs };
}

/**
 * Per-row log-likelihoods log p(x_i) and/or posterior means E[z | x_i] of N rows (row-major N×D, NaN = missing).
 * Complete rows share the factors of {@link posteriorFactors} (O(D·K) each) and evaluate the quadratic form as
 * Σ_j (r_j − w_jᵀm)²/ψ_j + mᵀm (r = x − μ, m = E[z | x]), which has no cancellation; rows with missing cells use
 * their observed cells only ({@link observedPosterior}).
 */
export function rowPosteriors(
  model: LinearGaussian,
  values: Float64Array,
  n: number,
  want: { logLik?: boolean; means?: boolean },
): { logLik: Float64Array; means: Float64Array } {
  const { d, k, noise, mean: mu, loadings: w } = model;
  const f = posteriorFactors(model);
  const logLik = new Float64Array(want.logLik ? n : 0);
  const means = new Float64Array(want.means ? n * k : 0);
  const r = new Float64Array(d);
  const u = new Float64Array(k);
  const m = new Float64Array(k);
  const constant = d * LOG_2PI + f.logDetC;
  for (let i = 0; i < n; i++) {
    const row = values.subarray(i * d, (i + 1) * d);
    let complete = true;
    for (let j = 0; j < d; j++) {
      r[j] = row[j] - mu[j];
      if (Number.isNaN(r[j])) complete = false;
    }
    if (!complete) {
      const post = observedPosterior(model, row);
      if (want.logLik) logLik[i] = post.logLik;
      if (want.means) means.set(post.mean, i * k);
      continue;
    }
    u.fill(0);
    for (let j = 0; j < d; j++) for (let a = 0; a < k; a++) u[a] += f.wPsi[j * k + a] * r[j];
    let mm = 0;
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += f.cov[a * k + b] * u[b];
      m[a] = s;
      mm += s * s;
      if (want.means) means[i * k + a] = s;
    }
    if (!want.logLik) continue;
    // (x − μ)ᵀC⁻¹(x − μ) = Σ_j (r_j − w_jᵀm)²/ψ_j + mᵀm with m = E[z | x]: a sum of non-negative terms, where the
    // inversion lemma's rᵀΨ⁻¹r − uᵀGu cancels about log10(max_j S_jj/ψ_j) digits when some ψ_j are tiny.
    let quad = mm;
    for (let j = 0; j < d; j++) {
      let e = r[j];
      for (let a = 0; a < k; a++) e -= w[j * k + a] * m[a];
      quad += (e * e) / noise[j];
    }
    logLik[i] = -0.5 * (constant + quad);
  }
  return { logLik, means };
}

/** The model covariance C = W Wᵀ + Ψ (D×D). */
export function modelCovariance(m: LinearGaussian): Float64Array {
  const { d, k, loadings: w, noise } = m;
  const c = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += w[i * k + a] * w[j * k + a];
      c[i * d + j] = s;
    }
    c[i * d + i] += noise[i];
  }
  return c;
}

/** Draw n rows x = μ + W z + Ψ^{1/2} ε with z ~ N(0, I_K), ε ~ N(0, I_D); returns the rows (N×D) and the z (N×K). */
export function sampleRows(m: LinearGaussian, n: number, rng: Rng): { values: Float64Array; factors: Float64Array } {
  const { d, k, loadings: w, noise, mean: mu } = m;
  const values = new Float64Array(n * d);
  const factors = rng.fillNormal(new Float64Array(n * k));
  const eps = new Float64Array(d);
  const sd = noise.map(Math.sqrt);
  for (let i = 0; i < n; i++) {
    rng.fillNormal(eps);
    for (let j = 0; j < d; j++) {
      let s = mu[j] + sd[j] * eps[j];
      for (let a = 0; a < k; a++) s += w[j * k + a] * factors[i * k + a];
      values[i * d + j] = s;
    }
  }
  return { values, factors };
}
