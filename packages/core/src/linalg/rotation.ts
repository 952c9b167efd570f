import { matmul, transpose, type Matrix } from './matrix.js';
import { thinSvd } from './svd.js';

/** Options of {@link varimax}, {@link quartimax} and {@link orthomaxRotation}. */
export interface RotationOptions {
  /** Orthomax weight γ: 1 gives varimax, 0 quartimax (default 1 for `varimax`/`orthomaxRotation`). */
  gamma?: number;
  /** Relative tolerance on the criterion Σσ between iterations (default 1e-6). */
  tol?: number;
  /** Maximum number of iterations (default 100). */
  maxIter?: number;
}

/** Result of an orthogonal rotation: `rotated` = loadings · `rotation`. */
export interface RotationResult {
  /** The rotated p×k loadings Λ·R. */
  rotated: Matrix;
  /** The k×k orthogonal rotation R. */
  rotation: Matrix;
}

/**
 * Orthomax rotation of a p×k loading matrix Λ (features × factors), as scikit-learn 1.2.1's
 * `sklearn.decomposition._factor_analysis._ortho_rotation(components.T)`.
 *
 * Starting from R = I, each iteration sets B = Λ·R and, with the SVD Λᵀ·(B∘B∘B − (γ/p)·B·diag(1ᵀ(B∘B))) = U·S·Vᵀ,
 * updates R ← U·Vᵀ (∘ is the elementwise product). It stops after the first iteration whose Σ S fails to exceed the
 * previous one by the factor (1 + tol), or after `maxIter` iterations. Maximises the orthomax criterion
 * Σⱼ [Σᵢ bᵢⱼ⁴ − (γ/p)(Σᵢ bᵢⱼ²)²] over orthogonal R (Kaiser 1958; Browne 2001).
 * scikit-learn's `FactorAnalysis(rotation=…).components_` equals `rotated` transposed.
 *
 * @param loadings - p×k loadings Λ.
 * @param options - `gamma`, `tol`, `maxIter`.
 * @returns `{ rotated, rotation }`.
 * @example
 * ```ts
 * const { rotated, rotation } = orthomaxRotation(loadings, { gamma: 1 });
 * ```
 */
export function orthomaxRotation(loadings: Matrix, options: RotationOptions = {}): RotationResult {
  const gamma = options.gamma ?? 1;
  const tol = options.tol ?? 1e-6;
  const maxIter = options.maxIter ?? 100;
  const { rows: p, cols: k } = loadings;
  const lt = transpose(loadings);
  let rotation: Matrix = { rows: k, cols: k, data: new Float64Array(k * k) };
  for (let i = 0; i < k; i++) rotation.data[i * k + i] = 1;
  let variance = 0;
  for (let it = 0; it < maxIter; it++) {
    const b = matmul(loadings, rotation).data;
    const colMean = new Float64Array(k);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < k; j++) colMean[j] += b[i * k + j] * b[i * k + j];
    }
    for (let j = 0; j < k; j++) colMean[j] /= p;
    const target = new Float64Array(p * k);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < k; j++) {
        const x = b[i * k + j];
        target[i * k + j] = gamma === 0 ? x ** 3 : x ** 3 - gamma * x * colMean[j];
      }
    }
    const { u, s, v } = thinSvd(matmul(lt, { rows: p, cols: k, data: target }));
    rotation = matmul(u, transpose(v));
    let next = 0;
    for (let j = 0; j < s.length; j++) next += s[j];
    if (variance !== 0 && next < variance * (1 + tol)) break;
    variance = next;
  }
  return { rotated: matmul(loadings, rotation), rotation };
}

/**
 * Varimax rotation (orthomax with γ = 1) of p×k loadings, matching scikit-learn 1.2.1 `_ortho_rotation(…, "varimax")`.
 * Maximises Σⱼ Varᵢ(bᵢⱼ²), the variance of the squared loadings within each factor.
 *
 * @param loadings - p×k loadings Λ (features × factors).
 * @param options - `gamma` (default 1), `tol` (default 1e-6), `maxIter` (default 100).
 * @returns `{ rotated, rotation }` with rotated = Λ·rotation.
 * @example
 * ```ts
 * const { rotated } = varimax(fromRows([[0.8, 0.3], [0.7, 0.4], [0.2, 0.9]]));
 * ```
 */
export function varimax(loadings: Matrix, options: RotationOptions = {}): RotationResult {
  return orthomaxRotation(loadings, { ...options, gamma: options.gamma ?? 1 });
}

/**
 * Quartimax rotation (orthomax with γ = 0) of p×k loadings, matching scikit-learn 1.2.1 `_ortho_rotation(…, "quartimax")`.
 * Maximises Σᵢⱼ bᵢⱼ⁴, so each feature loads on as few factors as possible.
 *
 * @param loadings - p×k loadings Λ (features × factors).
 * @param options - `tol` (default 1e-6), `maxIter` (default 100).
 * @returns `{ rotated, rotation }` with rotated = Λ·rotation.
 * @example
 * ```ts
 * const { rotated } = quartimax(fromRows([[0.8, 0.3], [0.7, 0.4], [0.2, 0.9]]));
 * ```
 */
export function quartimax(loadings: Matrix, options: Omit<RotationOptions, 'gamma'> = {}): RotationResult {
  return orthomaxRotation(loadings, { ...options, gamma: 0 });
}
