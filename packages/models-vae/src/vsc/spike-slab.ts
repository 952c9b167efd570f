import { normalLogProb } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Parameters of a factorised spike-and-slab distribution Π_k [γ_k·N(z_k; μ_k, σ_k²) + (1 − γ_k)·δ₀(z_k)], one row per
 * distribution: `loc` μ, `logScale` log σ and `slab` γ ∈ (0, 1), each [rows, K].
 */
export interface SpikeSlab {
  readonly loc: tf.Tensor2D;
  readonly logScale: tf.Tensor2D;
  /** γ, probability of the slab per dimension, in (0, 1). */
  readonly slab: tf.Tensor2D;
}

/** Σ_k of γ·KL(N(μ, σ²) ‖ N(μ_p, σ_p²)) + KL(Bernoulli(γ) ‖ Bernoulli(γ_p)), broadcasting over leading axes. */
function klTerms(loc: tf.Tensor, logScale: tf.Tensor, slab: tf.Tensor, pLoc: tf.Tensor | number, pLogScale: tf.Tensor | number, pSlab: tf.Tensor | number) {
  const diff = tf.sub(logScale, pLogScale);
  const gaussian = tf.mul(
    tf.sub(tf.add(tf.exp(tf.mul(diff, 2)), tf.square(tf.mul(tf.sub(loc, pLoc), tf.exp(tf.neg(pLogScale))))), tf.add(tf.mul(diff, 2), 1)),
    0.5,
  );
  const notSlab = tf.sub(1, slab);
  const bernoulli = tf.add(tf.mul(slab, tf.log(tf.div(slab, pSlab))), tf.mul(notSlab, tf.log(tf.div(notSlab, tf.sub(1, pSlab)))));
  return tf.sum(tf.add(tf.mul(slab, gaussian), bernoulli), -1);
}

/**
 * KL(q ‖ p) per row between the spike-and-slab posterior q of each row and the fixed prior
 * p(z) = Π_k [α·N(z_k; 0, 1) + (1 − α)·δ₀(z_k)] (Tonolini et al. 2020, eq. 7):
 * Σ_k [γ_k·½(μ_k² + σ_k² − 1 − log σ_k²) + γ_k log(γ_k/α) + (1 − γ_k) log((1 − γ_k)/(1 − α))].
 * Exact: the densities are taken with respect to Lebesgue measure plus a point mass at 0, where the slab has no mass.
 * @example
 * ```ts
 * spikeSlabKl({ loc, logScale, slab }, 0.2); // [rows]
 * ```
 */
export function spikeSlabKl(q: SpikeSlab, alpha: number): tf.Tensor1D {
  return klTerms(q.loc, q.logScale, q.slab, 0, 0, alpha) as tf.Tensor1D;
}

/**
 * KL(q_i ‖ p_j) for every row i of `q` ([B, K] each) and every row j of `p` ([J, K] each): [B, J], with
 * Σ_k [γ_ik·KL(N(μ_ik, σ_ik²) ‖ N(μ_jk, σ_jk²)) + γ_ik log(γ_ik/γ_jk) + (1 − γ_ik) log((1 − γ_ik)/(1 − γ_jk))],
 * KL(N(μ, σ²) ‖ N(m, s²)) = log s − log σ + (σ² + (μ − m)²)/(2s²) − ½.
 */
export function spikeSlabPairKl(q: SpikeSlab, p: SpikeSlab): tf.Tensor2D {
  const [b, k] = q.loc.shape;
  const j = p.loc.shape[0];
  const row = (t: tf.Tensor2D) => tf.reshape(t, [b, 1, k]);
  const comp = (t: tf.Tensor2D) => tf.reshape(t, [1, j, k]);
  return klTerms(row(q.loc), row(q.logScale), row(q.slab), comp(p.loc), comp(p.logScale), comp(p.slab)) as tf.Tensor2D;
}

/**
 * Upper bound on KL(q_i ‖ p) per row for the uniform mixture prior p = (1/J)·Σ_j p_j of J spike-and-slab
 * components (the pseudo-input prior of Tonolini et al. 2020, after the VampPrior of Tomczak & Welling 2018):
 * B_i = −log((1/J)·Σ_j exp(−KL(q_i ‖ p_j))).
 * For any weights s on the simplex, Jensen's inequality on log Σ_j (1/J)·p_j(z) gives
 * KL(q ‖ p) ≤ Σ_j s_j KL(q ‖ p_j) + KL(s ‖ uniform); B is its minimum, reached at s_j ∝ exp(−KL(q ‖ p_j)) (the
 * optimal pseudo-input selector of the paper, in closed form). So min_j KL_j ≤ B ≤ min_j KL_j + log J, and the ELBO
 * with B stays a lower bound on log p(x). With J = 1 it is the exact KL.
 * @example
 * ```ts
 * pseudoInputKl(q, priorComponents); // [rows]
 * ```
 */
export function pseudoInputKl(q: SpikeSlab, components: SpikeSlab): tf.Tensor1D {
  const j = components.loc.shape[0];
  return tf.sub(Math.log(j), tf.logSumExp(tf.neg(spikeSlabPairKl(q, components)), 1)) as tf.Tensor1D;
}

/**
 * Sparsity penalty on a pseudo-input prior: K·KL(Bernoulli(γ̄) ‖ Bernoulli(α)), with γ̄ the mean slab probability
 * of the J components over the K dimensions (the prior's expected fraction of active dimensions) and α the target
 * (`priorSlabProbability`). It pulls the aggregate slab probability of the learned prior towards α, as the
 * "aggregate sparsity" term of Tonolini et al. (2020) and their code; K·KL is what a fixed prior with slab
 * probability α charges a row whose K slab probabilities all equal γ̄.
 */
export function aggregateSlabKl(componentSlab: tf.Tensor2D, alpha: number): tf.Scalar {
  const mean = tf.mean(componentSlab);
  const k = componentSlab.shape[1];
  const notMean = tf.sub(1, mean);
  return tf.mul(tf.add(tf.mul(mean, tf.log(tf.div(mean, alpha))), tf.mul(notMean, tf.log(tf.div(notMean, 1 - alpha)))), k) as tf.Scalar;
}

/**
 * log of the spike-and-slab density at draws z with slab indicators `active` (1 where z_k comes from the slab), with
 * respect to Lebesgue measure plus a point mass at 0 per dimension, summed over the last axis (broadcasting):
 * Σ_k [a_k·(log γ_k + log N(z_k; μ_k, σ_k²)) + (1 − a_k)·log(1 − γ_k)].
 */
export function spikeSlabLogDensity(
  z: tf.Tensor,
  active: tf.Tensor,
  d: { loc: tf.Tensor | number; logScale: tf.Tensor | number; slab: tf.Tensor | number },
): tf.Tensor {
  const slab = tf.add(tf.log(d.slab), normalLogProb(z, d.loc, d.logScale));
  const spike = tf.log(tf.sub(1, d.slab));
  return tf.sum(tf.add(tf.mul(active, slab), tf.mul(tf.sub(1, active), spike)), -1);
}

/**
 * log p(z) per row ([R]) of draws z ([R, K], slab indicators `active`) under the uniform mixture (1/J)·Σ_j p_j of the
 * spike-and-slab `components` ([J, K] each): log Σ_j exp(log p_j(z)) − log J.
 */
export function mixtureLogDensity(z: tf.Tensor2D, active: tf.Tensor2D, components: SpikeSlab): tf.Tensor1D {
  const [r, k] = z.shape;
  const j = components.loc.shape[0];
  const row = (t: tf.Tensor2D) => tf.reshape(t, [r, 1, k]);
  const comp = (t: tf.Tensor2D) => tf.reshape(t, [1, j, k]);
  const each = spikeSlabLogDensity(row(z), row(active), { loc: comp(components.loc), logScale: comp(components.logScale), slab: comp(components.slab) });
  return tf.sub(tf.logSumExp(each, 1), Math.log(j)) as tf.Tensor1D;
}
