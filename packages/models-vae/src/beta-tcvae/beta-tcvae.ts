import * as tf from '@tensorflow/tfjs-core';
import { defineVaeModel } from '../common/define-vae.js';
import { encodeGaussian, gaussianSampler } from '../common/gaussian-vae-parts.js';
import { klRows } from '../common/latent-kl.js';
import { logLikRows } from '../common/likelihood.js';
import { mlp } from '../nn/mlp.js';
import type { VaeFamily } from '../common/vae-family.js';
import { commonDefaults, commonParamSpecs, type VaeCommonParams } from '../common/vae-params.js';
import { gaussianVaeFamily } from '../vae/vae-family.js';
import { mwsDecomposition } from './mws.js';

/** Hyperparameters of `vae/beta-tcvae`; `beta` weights the total correlation. */
export type BetaTcvaeParams = VaeCommonParams;

function betaTcvaeFamily(): VaeFamily<BetaTcvaeParams> {
  const key = 'vae/beta-tcvae';
  const base = gaussianVaeFamily(key, 'β-TCVAE');
  return {
    ...base,
    loss(state, params, batch, ctx, nTrain) {
      const w = state.weights;
      const { loc, logScale } = encodeGaussian(w, batch.xEnc, params.latentDim);
      const sample = gaussianSampler(ctx.estimator, key)(loc, logScale, ctx);
      const z = sample.z as tf.Tensor2D;
      const ll = logLikRows(params.likelihood, w, mlp(w, 'dec', z), batch.x, batch.logNorm);
      const { mutualInformation, totalCorrelation, dimensionKl } = mwsDecomposition(z, loc, logScale, nTrain);
      const penalty = tf.add(tf.add(mutualInformation, tf.mul(totalCorrelation, params.beta)), dimensionKl);
      const f = tf.sub(ll, tf.mul(penalty, ctx.klWeight)) as tf.Tensor1D;
      return {
        loss: tf.neg(tf.mean(sample.surrogate(f))) as tf.Scalar,
        elbo: tf.mean(tf.sub(ll, klRows(loc, logScale))) as tf.Scalar,
      };
    },
    // The engine's KL weight carries only the warm-up; β weights the total correlation inside the loss.
    // Minibatch-weighted sampling pairs each row with the batch, so one draw per row.
    viDefaults: () => ({ beta: 1, nParticles: 1 }),
  };
}

/**
 * β-TCVAE (`vae/beta-tcvae`; Chen, Li, Grosse & Duvenaud 2018): the VAE of `vae/vae` trained with the KL term split
 * into index-code mutual information, total correlation and dimension-wise KL,
 * E_{p(x)}[KL(q(z|x) ‖ p(z))] = I_q(x; z) + KL(q(z) ‖ Π_k q(z_k)) + Σ_k KL(q(z_k) ‖ p(z_k)),
 * and the objective E_q[log p(x | z)] − α·I_q − β·TC − γ·Σ_k KL(q(z_k) ‖ p(z_k)) with α = γ = 1 and β = `beta`
 * (default 6). The aggregate posterior densities are estimated by minibatch-weighted sampling over the batch
 * (log q(z_i) ≈ logsumexp_m log q(z_i | x_m) − log(N·B)). One latent draw per row (particles are not used).
 * `score` reports the ELBO with the analytic KL.
 *
 * @example
 * ```ts
 * const fitted = await registry.create('vae/beta-tcvae', { beta: 6, latentDim: 5 }).fit(data, { seed: 0 });
 * ```
 * References: R. T. Q. Chen, X. Li, R. Grosse and D. Duvenaud, "Isolating sources of disentanglement in variational autoencoders", NeurIPS 2018.
 */
export const betaTcvae = defineVaeModel<BetaTcvaeParams>({
  family: betaTcvaeFamily(),
  description: 'Beta-TCVAE: total-correlation-weighted VAE with minibatch-weighted sampling',
  params: commonParamSpecs(['estimators/reparam', 'estimators/score-function']),
  defaults: { ...commonDefaults, beta: 6 },
});
