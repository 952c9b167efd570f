import { defineVaeModel } from '../common/define-vae.js';
import type { FittedVae } from '../common/vae-fitted.js';
import { sparseVaeFamily } from './sparse-vae-family.js';
import { sparseVaeDefaults, sparseVaeParamSpecs, type SparseVaeParams } from './sparse-vae-params.js';
import { maskOf, type SparseVaeMask } from './sparse-vae-report.js';

/**
 * Sparse VAE (`vae/sparse-vae`; Moran, Sridhar, Wang & Blei 2022), an identifiable deep generative model with a
 * sparse factor-to-feature mapping, fitted by amortised VI (`inference/vi`) with closed-form prior updates.
 *
 * Generative model: z_i ~ N(0, I_K); η_k ~ Beta(a, b); γ_jk | η_k ~ Bernoulli(η_k);
 * w_jk | γ_jk ~ γ_jk·ψ1(w_jk) + (1 − γ_jk)·ψ0(w_jk) with ψ_ℓ(w) = (λ_ℓ/2)·e^(−λ_ℓ|w|) (spike-and-slab lasso, λ0 ≫ λ1);
 * σ_j² ~ IG(ν/2, νξ/2); x_ij = f_θ(w_j ⊙ z_i)_j + ε_ij, ε_ij ~ N(0, σ_j²) (or another `likelihood` on the same output).
 * The network f_θ is shared by all features; the per-feature heads run as one batched operation.
 *
 * θ ~ N(0, τ) on the decoder network's weight matrices when `networkPriorVariance` = τ is set (off by default, as in
 * the reference code).
 *
 * Objective (paper eq. 9, per row; `objectiveScaling: 'per-sample'`): E_q[log p(x_i | z_i, W)] − KL(q(z_i | x_i) ‖ p(z_i))
 * + (1/N)·(E_{Γ|W,η}[log p(W | Γ)] + log p(σ²) + log p(θ)). The default, `'reference-code'`, is the weighting of
 * gemoran/sparse-vae-code that the paper's experiments used: per minibatch of B rows, the Gaussian reconstruction
 * averaged over features, the KL averaged over latent dimensions, the log σ part of the likelihood and the prior
 * terms divided by B. Either is maximised by Adam on the networks, W and log σ. After every step:
 * E-step p*_jk = η_k ψ1(w_jk) / (η_k ψ1(w_jk) + (1 − η_k) ψ0(w_jk)) (`sslNormalizer: 'reference-code'` drops the λ/2
 * factors, as gemoran/sparse-vae-code does), then M-step η_k = (Σ_j p*_jk + a − 1)/(a + b + G − 2).
 * `score` is the mean per-row ELBO (without the prior terms); `transform` gives the posterior means;
 * {@link sparseVaeMask} returns W, p* and η, which the report draws as heatmaps.
 *
 * @example
 * ```ts
 * const { data } = sparseVaeSim({ rho: 0.4, seed: 1 });
 * const fitted = await registry.create('vae/sparse-vae', { latentDim: 5 }).fit(splitRows(data, 'train'), { seed: 0 });
 * sparseVaeMask(fitted).inclusion; // G × K inclusion probabilities
 * ```
 * References: G. E. Moran, D. Sridhar, Y. Wang and D. M. Blei, "Identifiable deep generative models via sparse decoding", TMLR 2022;
 * V. Ročková and E. I. George, "The spike-and-slab LASSO", JASA 2018.
 */
export const sparseVae = defineVaeModel<SparseVaeParams>({
  family: sparseVaeFamily(),
  description: 'Sparse VAE: per-feature masked decoder with a spike-and-slab lasso prior (identifiable factors)',
  params: sparseVaeParamSpecs,
  defaults: sparseVaeDefaults,
});

/**
 * The fitted mask of a Sparse VAE: W (G × K loadings), the inclusion probabilities p*_jk and the rates η_k.
 * @example
 * ```ts
 * const { loadings, inclusion, eta } = sparseVaeMask(fitted);
 * ```
 */
export function sparseVaeMask(fitted: FittedVae<SparseVaeParams>): SparseVaeMask {
  if (fitted.key !== 'vae/sparse-vae') throw new Error(`sparseVaeMask needs a fitted vae/sparse-vae, got ${fitted.key}`);
  return maskOf(fitted.state, fitted.columns);
}
