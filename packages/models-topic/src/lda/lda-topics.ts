import { digamma, gammaVariate, lgamma, type Rng } from '@latentkit/core';

/**
 * Topic-word parameters λ (K×V, row-major, scikit-learn's `components_`) with what the E-step and the bound need:
 * exp(E[log β_kw]) = exp(ψ(λ_kw) − ψ(Σ_v λ_kv)) and the topic part of the variational bound.
 */
export interface LdaTopics {
  /** Number of topics K. */
  readonly k: number;
  /** Vocabulary size V. */
  readonly v: number;
  /** Variational topic-word parameters λ, K×V row-major. */
  readonly lambda: Float64Array;
  /** exp(E[log β_kw]), K×V row-major. */
  readonly expElogBeta: Float64Array;
  /** E[log p(β | η)] − E[log q(β | λ)], the term scikit-learn adds once to every bound. */
  readonly topicBound: number;
}

/**
 * Derive {@link LdaTopics} from λ. The topic bound is
 * Σ_kw (η − λ_kw)·E[log β_kw] + Σ_kw (log Γ(λ_kw) − log Γ(η)) + Σ_k (log Γ(Vη) − log Γ(Σ_w λ_kw)).
 */
export function topicsFrom(lambda: Float64Array, k: number, v: number, eta: number): LdaTopics {
  const expElogBeta = new Float64Array(k * v);
  let bound = k * lgamma(v * eta);
  const lgEta = lgamma(eta);
  for (let t = 0; t < k; t++) {
    let total = 0;
    for (let w = 0; w < v; w++) total += lambda[t * v + w];
    const psiTotal = digamma(total);
    bound -= lgamma(total);
    for (let w = t * v; w < (t + 1) * v; w++) {
      const elog = digamma(lambda[w]) - psiTotal;
      expElogBeta[w] = Math.exp(elog);
      bound += (eta - lambda[w]) * elog + lgamma(lambda[w]) - lgEta;
    }
  }
  return { k, v, lambda, expElogBeta, topicBound: bound };
}

/** λ_kw ~ Gamma(100, 1/100), scikit-learn's initialisation (same distribution, our generator). */
export function gammaComponents(k: number, v: number, rng: Rng): Float64Array {
  const out = new Float64Array(k * v);
  for (let i = 0; i < out.length; i++) out[i] = gammaVariate(rng, 100) / 100;
  return out;
}

/**
 * A seed-free initial λ that any language reproduces exactly: λ_kw = 0.8 + 0.4·u(kV + w), with u(i) ∈ [0, 1) the
 * 32-bit integer hash h = (i + 1)·0x9E3779B1, h ^= h ≫ 16, h ·= 0x85EBCA6B, h ^= h ≫ 13, h ·= 0xC2B2AE35, h ^= h ≫ 16
 * (products mod 2³², ≫ logical), divided by 2³². Mean 1 and standard deviation 0.115, close to Gamma(100, 1/100);
 * `tooling/reference/lda_reference.py` computes the same numbers for the scikit-learn side of the parity tests.
 * @example
 * ```ts
 * hashComponents(2, 3); // Float64Array of 6 numbers in [0.8, 1.2)
 * ```
 */
export function hashComponents(k: number, v: number): Float64Array {
  const out = new Float64Array(k * v);
  for (let i = 0; i < out.length; i++) {
    let h = Math.imul(i + 1, 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out[i] = 0.8 + 0.4 * ((h >>> 0) / 4294967296);
  }
  return out;
}

/** exp(E[log θ]) for a Dirichlet(γ): exp(ψ(γ_k) − ψ(Σ_j γ_j)), written to `out` from `offset`. */
export function expDirichletExpectation(gamma: ArrayLike<number>, k: number, out: Float64Array, offset: number): void {
  let total = 0;
  for (let j = 0; j < k; j++) total += gamma[j];
  const psiTotal = digamma(total);
  for (let j = 0; j < k; j++) out[offset + j] = Math.exp(digamma(gamma[j]) - psiTotal);
}

/**
 * The document part of the bound for one document with variational Dirichlet(γ_d):
 * E[log p(θ_d | α)] − E[log q(θ_d | γ_d)] = Σ_k (α − γ_dk)·E[log θ_dk] + Σ_k (log Γ(γ_dk) − log Γ(α)) + log Γ(Kα) − log Γ(Σ_k γ_dk).
 */
export function docBound(gamma: Float64Array, offset: number, k: number, alpha: number): number {
  let total = 0;
  for (let j = 0; j < k; j++) total += gamma[offset + j];
  const psiTotal = digamma(total);
  let s = lgamma(k * alpha) - lgamma(total) - k * lgamma(alpha);
  for (let j = 0; j < k; j++) {
    const g = gamma[offset + j];
    s += (alpha - g) * (digamma(g) - psiTotal) + lgamma(g);
  }
  return s;
}
