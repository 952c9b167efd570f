import { choleskySolve, choleskyWithJitter, optimalAssignment, type Matrix } from '@latentkit/core';

/** Solves S·X = R for a small symmetric positive semi-definite S (k × k), with a tiny jitter if S is singular. */
function solveGram(s: Matrix, rhs: Matrix, scale: number): Matrix {
  const { L } = choleskyWithJitter(s, { name: 'spectral Gram matrix', jitter: 1e-12 * Math.max(scale, 1) });
  return choleskySolve(L, rhs);
}

/**
 * Step 7 of ALGORITHMS.md §2.2: the binary latents Â = 1{Z·B̂·(B̂ᵀB̂)⁻¹ > 0} (N × k, row-major 0/1) — the sign of
 * each row's least-squares scores on the loadings B̂ (c × k).
 */
export function binaryLatents(z: Float64Array, n: number, b: Matrix): Uint8Array {
  const { rows: c, cols: k, data } = b;
  const btb = new Float64Array(k * k);
  for (let a = 0; a < c; a++) for (let s = 0; s < k; s++) for (let t = 0; t < k; t++) btb[s * k + t] += data[a * k + s] * data[a * k + t];
  const bt = new Float64Array(k * c);
  for (let a = 0; a < c; a++) for (let s = 0; s < k; s++) bt[s * c + a] = data[a * k + s];
  const wt = solveGram({ rows: k, cols: k, data: btb }, { rows: k, cols: c, data: bt }, 1).data;
  const out = new Uint8Array(n * k);
  for (let i = 0; i < n; i++) {
    const r = i * c;
    for (let s = 0; s < k; s++) {
      let score = 0;
      for (let a = 0; a < c; a++) score += z[r + a] * wt[s * c + a];
      out[i * k + s] = score > 0 ? 1 : 0;
    }
  }
  return out;
}

/** Column means of an N × k 0/1 matrix. */
export function latentMeans(a: Uint8Array, n: number, k: number): Float64Array {
  const m = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) m[t] += a[i * k + t];
  for (let t = 0; t < k; t++) m[t] /= n;
  return m;
}

/** How {@link refitLayer} post-processes the least-squares slopes, child by child. */
export interface RefitOptions {
  /** Divide child c's slopes by 2 (the reference's "artificial" halving on logit/log children). */
  readonly halve: readonly boolean[];
  /** c × k 0/1: slopes where it is 0 are set to 0 (all ones = unmasked). Null: no mask. */
  readonly mask: Matrix | null;
  /** Floor of the anchor slopes ("diagonal"), or null for none. */
  readonly floor: number | null;
  /** Which children may anchor a latent for the floor. */
  readonly anchorCandidates: readonly boolean[];
  /** Added to child c's intercept: the mean of its uncentred input for identity (Normal) children, 0 otherwise. */
  readonly offsets: Float64Array;
}

/**
 * Step 8 of ALGORITHMS.md §2.2: least-squares slopes of the centred Z (N × c) on the centred Â (N × k),
 * B̃ = ((ÂcᵀÂc)⁻¹ÂcᵀZ)ᵀ, then per child: halving, masking, the diagonal floor and the intercept
 * b_c = offset_c − Σ_k B̃_ck·mean(Â_k). Since Z is centred, b_c = −B̃_c·mean(Â) for logit/log children (the reference
 * keeps mean(Z) = 0 there, dropping the uncentred means) and mean(X_c) − B̃_c·mean(Â) for Normal ones.
 *
 * The diagonal floor: the reference floors B̃(k, k) for k = 1..K after permuting Â's columns to the true latents
 * (`munkres` on the true B), i.e. latent k's slope on child k, which in every simulated design is a pure child of
 * latent k (the first identity block). Without a truth to match, "diagonal" here is each latent's anchor child: the
 * one-to-one assignment of the k latents to distinct candidate children maximising Σ_k B̃_{c(k),k} (core's optimal
 * assignment); those k slopes are raised to at least `floor`. On the simulated designs the anchors are pure children,
 * so this floors the same kind of entry as the reference.
 *
 * @returns the slopes (c × k) and intercepts (c).
 */
export function refitLayer(z: Float64Array, n: number, a: Uint8Array, k: number, options: RefitOptions): { slopes: Matrix; intercepts: Float64Array } {
  const c = options.halve.length;
  const mean = latentMeans(a, n, k);
  const gram = new Float64Array(k * k);
  const cross = new Float64Array(k * c);
  const centred = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) centred[s] = a[i * k + s] - mean[s];
    for (let s = 0; s < k; s++) {
      const as = centred[s];
      for (let t = 0; t < k; t++) gram[s * k + t] += as * centred[t];
      const row = i * c;
      for (let j = 0; j < c; j++) cross[s * c + j] += as * z[row + j];
    }
  }
  const coefT = solveGram({ rows: k, cols: k, data: gram }, { rows: k, cols: c, data: cross }, n).data;
  const slopes = new Float64Array(c * k);
  for (let j = 0; j < c; j++) {
    const factor = options.halve[j] ? 0.5 : 1;
    for (let s = 0; s < k; s++) {
      const masked = options.mask !== null && options.mask.data[j * k + s] === 0;
      slopes[j * k + s] = masked ? 0 : coefT[s * c + j] * factor;
    }
  }
  if (options.floor !== null) floorAnchors(slopes, c, k, options.anchorCandidates, options.floor);
  const intercepts = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    let b = options.offsets[j];
    for (let s = 0; s < k; s++) b -= slopes[j * k + s] * mean[s];
    intercepts[j] = b;
  }
  return { slopes: { rows: c, cols: k, data: slopes }, intercepts };
}

/** Raises each latent's anchor slope (see {@link refitLayer}) to at least `floor`, in place. */
function floorAnchors(slopes: Float64Array, c: number, k: number, candidates: readonly boolean[], floor: number): void {
  const children = candidates.flatMap((ok, j) => (ok ? [j] : []));
  if (children.length === 0) return;
  const gain = Array.from({ length: k }, (_, s) => children.map((j) => slopes[j * k + s]));
  const { rowToCol } = optimalAssignment(gain, { maximize: true });
  for (let s = 0; s < k; s++) {
    if (rowToCol[s] < 0) continue;
    const at = children[rowToCol[s]] * k + s;
    slopes[at] = Math.max(slopes[at], floor);
  }
}
