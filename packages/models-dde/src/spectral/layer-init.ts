import { optimalAssignment, type Matrix } from '@latentkit/core';
import { doubleSvdTransform, type LayerInput } from './double-svd.js';
import { leadingVectors, rightSingularSystem } from './gram-svd.js';
import { binaryLatents, refitLayer } from './refit-layer.js';
import { rotatedLoadings } from './rotate-threshold.js';

/**
 * Which of the reference's initialiser scripts to follow where they differ (ALGORITHMS.md §2.9 item 7):
 * - `'simulation'` (`Ber_init`, `Poi_init`, `Normal_init`): logit/log children keep the dense least-squares refit
 *   (halved, anchor slopes floored at 2.5), Normal children are masked by Ĝ; deeper thresholds 1/(3.5·√K_{d−1}).
 * - `'real-data'` (`Ber_init_data`, MNIST): every refit is masked by Ĝ and halved on logit/log children, with no
 *   floor; deeper thresholds 1/(2.5·√K_{d−1}).
 */
export type SpectralVariant = 'simulation' | 'real-data';

/** The settings of one layer of the spectral initialiser. */
export interface LayerSettings {
  /** Width K_d of the layer. */
  readonly k: number;
  /** Hard threshold on the rotated loadings. */
  readonly threshold: number;
  readonly varimaxMaxIter: number;
  readonly epsilon: number;
  readonly variant: SpectralVariant;
  /** A fixed support (children × k, 0/1) replacing Ĝ; the rotated columns are matched to its columns. */
  readonly fixedSupport?: Matrix | null;
}

/** One layer's initial values: rows = children `[intercept, slopes…]`, the support, and Â (N × k). */
export interface LayerInit {
  readonly coefficients: number[][];
  readonly graph: number[][];
  readonly latents: Uint8Array;
  /** γ̂_c for identity (Normal) children, null elsewhere. */
  readonly variances: (number | null)[];
}

/** The floor of the anchor ("diagonal") slopes in the simulation scripts. */
export const DIAGONAL_FLOOR = 2.5;

/**
 * Reorders B̂'s columns to a fixed support G (children × k) by the assignment maximising Σ_t Σ_c G_{c,t}·B̂_{c,π(t)}:
 * the rotated factor that loads most on a column's children takes that column.
 */
function matchColumnsToSupport(b: Matrix, support: Matrix): Matrix {
  const { rows: c, cols: k } = b;
  const gain = Array.from({ length: k }, (_, t) =>
    Array.from({ length: k }, (_, u) => {
      let s = 0;
      for (let a = 0; a < c; a++) s += support.data[a * k + t] * b.data[a * k + u];
      return s;
    }),
  );
  const { rowToCol } = optimalAssignment(gain, { maximize: true });
  const out = new Float64Array(c * k);
  for (let a = 0; a < c; a++) for (let t = 0; t < k; t++) out[a * k + t] = b.data[a * k + rowToCol[t]];
  return { rows: c, cols: k, data: out };
}

/**
 * One layer of the double-SVD spectral initialiser (ALGORITHMS.md §2.2 steps 1–8): Z = centred inverse link of the
 * clipped rank-(K+1)-or-more reconstruction of the input (raw centred columns for Normal children); top-K right
 * singular vectors of Z; varimax + hard threshold + sign flip → B̂ with support Ĝ; Â = 1{Z·B̂(B̂ᵀB̂)⁻¹ > 0}; the
 * least-squares refit of {@link refitLayer}; γ̂_c = mean_i (X_ic − b_c − B̃_c·Â_i)² for Normal children.
 */
export function initLayer(input: LayerInput, settings: LayerSettings): LayerInit {
  const { k, variant } = settings;
  const n = input.nRows;
  const c = input.links.length;
  const { z, means } = doubleSvdTransform(input, k + 1, settings.epsilon);
  const vk = leadingVectors(rightSingularSystem(z, n, c).vectors, k);
  let b = rotatedLoadings(vk, settings.threshold, settings.varimaxMaxIter);
  const fixed = settings.fixedSupport ?? null;
  if (fixed !== null) b = matchColumnsToSupport(b, fixed);
  const support: Matrix = fixed ?? { rows: c, cols: k, data: b.data.map((x) => (x !== 0 ? 1 : 0)) };
  const latents = binaryLatents(z, n, b);

  const normal = input.links.map((l) => l === 'identity');
  const mask = new Float64Array(c * k).fill(1);
  for (let a = 0; a < c; a++) if (fixed !== null || variant === 'real-data' || normal[a]) for (let t = 0; t < k; t++) mask[a * k + t] = support.data[a * k + t];
  const offsets = new Float64Array(c);
  for (let a = 0; a < c; a++) if (normal[a]) offsets[a] = means[a];
  const { slopes, intercepts } = refitLayer(z, n, latents, k, {
    halve: normal.map((x) => !x),
    mask: { rows: c, cols: k, data: mask },
    floor: variant === 'simulation' && k > 1 ? DIAGONAL_FLOOR : null,
    anchorCandidates: normal.map((x) => !x),
    offsets,
  });

  const coefficients = Array.from({ length: c }, (_, a) => [intercepts[a], ...slopes.data.subarray(a * k, (a + 1) * k)]);
  const graph = Array.from({ length: c }, (_, a) => Array.from(support.data.subarray(a * k, (a + 1) * k), (x) => (x !== 0 ? 1 : 0)));
  const variances = normal.map((isNormal, a) => {
    if (!isNormal) return null;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      let eta = intercepts[a];
      for (let t = 0; t < k; t++) eta += slopes.data[a * k + t] * latents[i * k + t];
      ss += (z[i * c + a] + means[a] - eta) ** 2;
    }
    return ss / n;
  });
  return { coefficients, graph, latents, variances };
}
