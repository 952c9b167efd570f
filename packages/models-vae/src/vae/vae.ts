import { defineVaeModel } from '../common/define-vae.js';
import { commonDefaults, commonParamSpecs, GAUSSIAN_ESTIMATORS, type VaeCommonParams } from '../common/vae-params.js';
import { gaussianVaeFamily } from './vae-family.js';

/** Hyperparameters of `vae/vae` and `vae/beta-vae`. */
export type VaeParams = VaeCommonParams;

const specs = commonParamSpecs(GAUSSIAN_ESTIMATORS);

/**
 * Variational autoencoder (`vae/vae`), fitted by amortised stochastic VI (`inference/vi`).
 *
 * Generative model: z_i ~ N(0, I_K), x_i | z_i ~ p(x | f_θ(z_i)) with an MLP decoder f_θ and a likelihood of
 * `likelihood`: Gaussian N(μ, diag σ_j²) with a learned σ_j per feature, Bernoulli (logits), Poisson (log rate) or
 * negative binomial (logits, learned total count r_j per feature). Inference network q_φ(z | x) = N(μ_φ(x), diag σ_φ²(x)).
 * Objective (per row, maximised): ELBO = E_q[log p(x | z)] − β·KL(q_φ(z | x) ‖ N(0, I)), with the analytic KL;
 * β = `beta` (1 for the ELBO), optionally warmed up from 0 over `klWarmupEpochs`.
 * The encoder sees standardised columns (Gaussian), log(1 + x) (counts) or x (Bernoulli).
 * `score` is the mean ELBO per row (nats); `transform` gives μ_φ(x).
 *
 * @example
 * ```ts
 * const registry = createRegistry().register(vae, vi, ...estimatorPlugins);
 * const fitted = await registry.create('vae/vae', { likelihood: 'bernoulli', latentDim: 20, hiddenUnits: [256] }).fit(train, { seed: 0 });
 * fitted.score(test); // held-out ELBO per row, nats
 * ```
 * References: D. P. Kingma and M. Welling, "Auto-encoding variational Bayes", ICLR 2014;
 * D. J. Rezende, S. Mohamed and D. Wierstra, "Stochastic backpropagation and approximate inference in deep generative models", ICML 2014.
 */
export const vae = defineVaeModel<VaeParams>({
  family: gaussianVaeFamily('vae/vae', 'Variational autoencoder'),
  description: 'Variational autoencoder with Gaussian, Bernoulli, Poisson or negative-binomial likelihood',
  params: specs,
  defaults: commonDefaults,
});

/**
 * β-VAE (`vae/beta-vae`): the VAE of {@link vae} with the KL term weighted by β > 1 (default 4), which pushes the
 * aggregate posterior toward the factorised prior and encourages disentangled latent dimensions.
 * Objective per row: E_q[log p(x | z)] − β·KL(q_φ(z | x) ‖ N(0, I)). `score` still reports the ELBO (β = 1).
 *
 * @example
 * ```ts
 * const fitted = await registry.create('vae/beta-vae', { beta: 4, latentDim: 5 }).fit(data, { seed: 0 });
 * ```
 * References: I. Higgins et al., "β-VAE: learning basic visual concepts with a constrained variational framework", ICLR 2017.
 */
export const betaVae = defineVaeModel<VaeParams>({
  family: gaussianVaeFamily('vae/beta-vae', 'β-VAE'),
  description: 'Beta-VAE: VAE with the KL term weighted by beta',
  params: specs,
  defaults: { ...commonDefaults, beta: 4 },
});
