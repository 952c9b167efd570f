import type { DdeLayer, DdeState } from '../dde-state.js';
import { perLayer } from '../dde-resolve.js';
import type { DdeStats } from '../stats/dde-stats.js';
import { normalObjective, patternObjective, residualSumOfSquares, type ChildObjective } from './child-objective.js';
import { coefficientBox } from './coefficient-box.js';
import { fitTlp, tlpPenalty } from './tlp-fit.js';

/** What the M-step needs of the parameters: resolved penalties (per layer or one for all) and the constraints. */
export interface DdeMstepOptions {
  readonly lambda: readonly number[];
  readonly tau: readonly number[];
  readonly nonNegative: boolean;
  /** A fixed G^(1) (J × K_1): layer-1 slopes outside it are 0, slopes on it are not penalised nor thresholded. */
  readonly confirmatoryGraph: readonly (readonly number[])[] | null;
}

/** What {@link maximiseDde} returns. */
export interface DdeMstepResult {
  readonly state: DdeState;
  /** The penalised complete-data log-likelihood per unit weight at the new parameters (higher is better). */
  readonly objective: number;
  /** Each layer's coefficients before hard thresholding (for the reference sampler's change metric). */
  readonly unthresholded: readonly (readonly (readonly number[])[])[];
}

/** The smallest variance γ_j a Normal column gets. */
export const VARIANCE_FLOOR = 1e-6;
/** Top-layer probabilities are clipped to [PROB_CLIP, 1 − PROB_CLIP]. */
export const PROB_CLIP = 1e-6;

/**
 * The penalised M-step of a DDE from its (averaged) complete-data statistics (ALGORITHMS.md §2.4 step 3–4, §2.9
 * items 4–5). Per child of each layer d: β ← argmin −Q(β) + λ_d·Σ_slopes min(|β_k|, τ_d) inside the box of
 * `coefficientBox`, by {@link fitTlp} warm-started at the current coefficients; then slopes with |β_k| < τ_d are
 * set to 0 and `graph` is their support. Normal columns use −Q = RSS/(2γ_j) with γ_j from the current state, then
 * γ_j ← max(RSS(β_new)/W, {@link VARIANCE_FLOOR}) from the moment statistics (W the total weight). Top
 * probabilities p_l = Σ w·A^(D)_l / W clipped to [1e−6, 1 − 1e−6].
 *
 * The returned objective, per unit weight: Σ_children Q(β) (Normal with its −½·W·log(2πγ_j); Poisson without
 * −log x!) + Σ_l [m_l·log p_l + (W − m_l)·log(1 − p_l)] − Σ_d λ_d·Σ min(|β|, τ_d), at the thresholded parameters.
 */
export function maximiseDde(state: DdeState, stats: DdeStats, options: DdeMstepOptions): DdeMstepResult {
  const W = stats.totalWeight;
  const D = state.layers.length;
  let loglik = 0;
  let penalty = 0;
  const variances = state.variances
    ? [...state.variances]
    : state.families.includes('normal')
      ? state.families.map((f) => (f === 'normal' ? 1 : null))
      : undefined;
  const unthresholded: number[][][] = [];
  const layers: DdeLayer[] = state.layers.map((layer, d) => {
    const L = stats.layers[d];
    const K = L.width;
    const lambda = perLayer(options.lambda, d + 1, 'lambda');
    const tau = perLayer(options.tau, d + 1, 'tau');
    const fixed = d === 0 ? options.confirmatoryGraph : null;
    const coefficients: number[][] = [];
    const raw: number[][] = [];
    const graph: number[][] = [];
    const patternIndex = new Map<number, number>();
    L.patternChildren.forEach((c, p) => patternIndex.set(c, p));
    const normalIndex = new Map<number, number>();
    L.normalChildren.forEach((c, q) => normalIndex.set(c, q));
    const lo = new Float64Array(K + 1);
    const hi = new Float64Array(K + 1);
    const penalisable = new Uint8Array(K + 1);
    for (let c = 0; c < L.nChildren; c++) {
      const family = d === 0 ? state.families[c] : 'latent';
      const box = coefficientBox(family, d + 1, D, options.nonNegative);
      [lo[0], hi[0]] = box.intercept;
      for (let k = 0; k < K; k++) {
        const onGraph = fixed ? fixed[c][k] === 1 : true;
        [lo[1 + k], hi[1 + k]] = onGraph ? box.slope : [0, 0];
        penalisable[1 + k] = fixed ? 0 : 1;
      }
      const q = normalIndex.get(c);
      const variance = q !== undefined ? (variances?.[c] ?? 1) : 1;
      const f: ChildObjective =
        q !== undefined ? normalObjective(L, q, variance) : patternObjective(L, patternIndex.get(c)!, family === 'poisson' ? 'poisson' : 'bernoulli');
      const beta = fitTlp(f, Float64Array.from(layer.coefficients[c]), lo, hi, lambda, tau, penalisable);
      raw.push([...beta]);
      for (let k = 1; k <= K; k++) if (penalisable[k] === 1 && Math.abs(beta[k]) < tau) beta[k] = 0;
      coefficients.push([...beta]);
      graph.push(fixed ? fixed[c].map((g) => (g === 1 ? 1 : 0)) : [...beta.subarray(1)].map((b) => (b !== 0 ? 1 : 0)));
      penalty += tlpPenalty(beta, lambda, tau, penalisable);
      if (q !== undefined) {
        const rss = residualSumOfSquares(L, q, beta);
        const gamma = Math.max(rss / W, VARIANCE_FLOOR);
        variances![c] = gamma;
        loglik -= 0.5 * W * Math.log(2 * Math.PI * gamma) + rss / (2 * gamma);
      } else loglik -= f.value(beta);
    }
    unthresholded.push(raw);
    return { coefficients, graph };
  });
  const topProbabilities = [...stats.topSums].map((m) => {
    const p = Math.min(1 - PROB_CLIP, Math.max(PROB_CLIP, m / W));
    loglik += m * Math.log(p) + (W - m) * Math.log(1 - p);
    return p;
  });
  return {
    state: { ...state, layers, topProbabilities, ...(variances && { variances }) },
    objective: (loglik - penalty) / W,
    unthresholded,
  };
}
