import type { DdeLayerStats } from '../stats/dde-stats.js';

/**
 * The negative complete-data log-likelihood −Q(β) of one child as a function of its coefficients
 * β = [intercept, slope_1 … slope_K], computed from the statistics alone, with its gradient and Hessian.
 */
export interface ChildObjective {
  /** K + 1. */
  readonly size: number;
  value(beta: Float64Array): number;
  /** Writes ∇(−Q) into `grad` (K + 1) and ∇²(−Q) into `hess` ((K + 1)², row-major). */
  gradHess(beta: Float64Array, grad: Float64Array, hess: Float64Array): void;
}

/**
 * −Q(β) = −Σ_a [s_a·η(a) − w_a·ψ(η(a))] of pattern child number `p` of a layer (η(a) = β_0 + Σ_k β_k·a_k, over the
 * configurations a held, ψ = log(1 + e^η) for Bernoulli (every latent child), e^η for Poisson). Its Hessian
 * Σ_a w_a·ψ''(η(a))·z_a·z_aᵀ (z = [1, a]) is positive semi-definite: the problem is convex.
 */
export function patternObjective(stats: DdeLayerStats, p: number, family: 'bernoulli' | 'poisson'): ChildObjective {
  const K = stats.width;
  const n = stats.nPatterns;
  const nSums = stats.patternChildren.length;
  const { patterns, patternWeights: w, patternSums } = stats;
  const poisson = family === 'poisson';
  const eta = (beta: Float64Array, m: number): number => {
    let e = beta[0];
    for (let k = 0; k < K; k++) if (patterns[m * K + k] === 1) e += beta[1 + k];
    return e;
  };
  return {
    size: K + 1,
    value(beta) {
      let f = 0;
      for (let m = 0; m < n; m++) {
        const e = eta(beta, m);
        const psi = poisson ? Math.exp(e) : e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
        f -= patternSums[m * nSums + p] * e - w[m] * psi;
      }
      return f;
    },
    gradHess(beta, grad, hess) {
      const z = K + 1;
      grad.fill(0);
      hess.fill(0);
      for (let m = 0; m < n; m++) {
        const e = eta(beta, m);
        let mu: number;
        let v: number;
        if (poisson) mu = v = Math.exp(e);
        else {
          mu = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
          v = mu * (1 - mu);
        }
        const r = w[m] * mu - patternSums[m * nSums + p];
        const h = w[m] * v;
        grad[0] += r;
        hess[0] += h;
        for (let k = 0; k < K; k++) {
          if (patterns[m * K + k] !== 1) continue;
          grad[1 + k] += r;
          hess[(1 + k) * z] += h;
          for (let l = 0; l <= k; l++) if (patterns[m * K + l] === 1) hess[(1 + k) * z + 1 + l] += h;
        }
      }
      for (let u = 0; u < z; u++) for (let v = u + 1; v < z; v++) hess[u * z + v] = hess[v * z + u];
    },
  };
}

/**
 * The residual sum of squares Σ w·(x − βᵀz)² = Σw x² − 2βᵀΣw z x + βᵀ(Σw z zᵀ)β of Normal child number `q`.
 */
export function residualSumOfSquares(stats: DdeLayerStats, q: number, beta: Float64Array): number {
  const z = stats.width + 1;
  let rss = stats.squares[q];
  for (let u = 0; u < z; u++) {
    rss -= 2 * beta[u] * stats.cross[q * z + u];
    let gu = 0;
    for (let v = 0; v < z; v++) gu += stats.gram[u * z + v] * beta[v];
    rss += beta[u] * gu;
  }
  return rss;
}

/**
 * −Q(β) = Σ w·(x − βᵀz)²/(2γ) of Normal child number `q` at variance γ (the constant ½·W·log(2πγ) left out): the
 * log-likelihood scale, so that λ weighs the penalty against log-likelihood units as for Bernoulli and Poisson
 * children. (The reference code minimises the raw sum of squares, i.e. its λ is our λ·2γ.)
 */
export function normalObjective(stats: DdeLayerStats, q: number, variance: number): ChildObjective {
  const z = stats.width + 1;
  return {
    size: z,
    value: (beta) => residualSumOfSquares(stats, q, beta) / (2 * variance),
    gradHess(beta, grad, hess) {
      for (let u = 0; u < z; u++) {
        let gu = -stats.cross[q * z + u];
        for (let v = 0; v < z; v++) {
          gu += stats.gram[u * z + v] * beta[v];
          hess[u * z + v] = stats.gram[u * z + v] / variance;
        }
        grad[u] = gu / variance;
      }
    },
  };
}
