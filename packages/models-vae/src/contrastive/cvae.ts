import { defineVaeModel } from '../common/define-vae.js';
import { cvaeFamily } from './cvae-family.js';
import { cvaeDefaults, cvaeParamSpecs, type CvaeParams } from './cvae-params.js';

/**
 * Contrastive (comparative) VAE (`contrastive/cvae`), fitted by amortised stochastic VI (`inference/vi`), after
 * contrastiveVI (Weinberger et al. 2023), MM-cVAE (Severson et al. 2022) and Lopez et al. (CLeaR 2024).
 *
 * Rows come in groups (`data.groups`, from `--group <column>`): rows whose group is `background` are background rows,
 * every other value is a target group, and all target groups share one salient block.
 * Generative model: shared latents z ~ p(z) ∈ R^sharedDim for every row, salient latents t ~ p(t) ∈ R^salientDim for
 * target rows, x | z, t ~ p(x | f_θ(z, m·t)) with m = 1 for target and 0 for background rows (t is zeroed before
 * decoding, in training and scoring). Priors: N(0, I), or (`prior: 'mixture'`) a Gaussian mixture with
 * `priorComponents` learned components per block, which makes components, not only blocks, identifiable.
 * Likelihoods: Gaussian (learned σ_j per feature), Bernoulli, Poisson and negative binomial (learned r_j); counts
 * use contrastiveVI's library size: mean ℓ·softmax(f_θ) with ℓ = Σ_j x_ij observed, encoder input log(1 + x).
 * Inference: q(z | x) and q(t | x) from two MLP encoders. ELBO per row (maximised):
 * background log p(x | z, 0) − KL_z; target log p(x | z, t) − KL_z − KL_t (no KL_t on background rows, as
 * contrastiveVI); KL analytic for N(0, I), a one-sample Monte Carlo log q − log p for the mixture.
 * Regulariser R (`regularizer`): contrastiveVI's Wasserstein term on background salient posteriors, MM-cVAE's
 * MMD(z_bg, z_tg) + MMD(t_bg, 0) (one weight for both), or HSIC(μ_z, μ_t) on target rows.
 * Training (`training`): 'weighted' minimises −ELBO + `regularizerWeight`·R; 'mgda' (MO-cVAE) gives `inference/vi`
 * the background and target tasks (each with its part of λ·R); 'constrained' (CO-cVAE) minimises −ELBO with
 * R ≤ `constraintBound`. The salient encoder is the target task's own unless R reads it on background rows.
 *
 * `transform` gives `shared1..` and `salient1..` posterior means for every row; for background rows the salient
 * columns are the encoder's output, not zeros (what the model would say if the row were a target row; they should sit
 * near 0). `score` is the mean ELBO per row over both groups; `scores` adds `elbo:background` and `elbo:target`
 * (NaN for a group without rows); `sample(n)` draws target rows (z and t from their priors).
 *
 * @example
 * ```ts
 * const fitted = await registry.create('contrastive/cvae', { sharedDim: 2, salientDim: 2, regularizer: 'hsic' }).fit(data, { seed: 0 });
 * fitted.transform(data).columns; // ['shared1', 'shared2', 'salient1', 'salient2']
 * ```
 * References: R. Lopez, J.-C. Huetter, E. Hajiramezanali, J. Pritchard and A. Regev, "Toward the Identifiability of
 * Comparative Deep Generative Models", CLeaR 2024; E. Weinberger, C. Lin and S.-I. Lee, "Isolating salient variations
 * of interest in single-cell data with contrastiveVI", Nature Methods 2023; K. A. Severson, S. Ghosh and K. Ng,
 * "Unsupervised learning with contrastive latent variable models", AAAI 2019 / MM-cVAE (Weinberger et al. 2022).
 */
export const cvae = defineVaeModel<CvaeParams>({
  family: cvaeFamily,
  description: 'Contrastive VAE: shared and salient latents for background and target row groups',
  params: cvaeParamSpecs,
  defaults: cvaeDefaults,
});
