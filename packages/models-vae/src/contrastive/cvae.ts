import { defineVaeModel } from '../common/define-vae.js';
import { cvaeFamily } from './cvae-family.js';
import { cvaeDefaults, cvaeParamSpecs, type CvaeParams } from './cvae-params.js';

/**
 * Contrastive (comparative) VAE (`contrastive/cvae`), fitted by amortised stochastic VI (`inference/vi`), after
 * contrastiveVI (Weinberger et al. 2023), MM-cVAE (Severson et al. 2022) and Lopez et al. (CLeaR 2024).
 *
 * Rows come in groups (`data.groups`, from `--group <column>`): rows whose group is `background` are background rows,
 * every other value is a target group (named in order of first appearance; the names and order are kept in the fitted
 * state, so new data map their groups by name, and a group unseen at fit time is refused in one line naming the
 * known groups). Every group needs at least 2 rows.
 *
 * Several target groups (`salientBlocks`): 'shared' (default) gives all target groups one salient block t, so their
 * salient variation lives in one space where the conditions can be compared (contrastiveVI's choice: its salient space
 * is joint over all non-background conditions); use it when the conditions are variants of one perturbation or you
 * want to compare them. 'per-group' gives target group g its own encoder and block t_g ∈ R^salientDim: the decoder
 * reads [z, m_1·t_1, …, m_G·t_G] with m_g = 1 only on rows of group g (background rows: every block 0), KL(t_g) is
 * counted on rows of group g only, and MGDA gets one task per target group (`target:<group>`, besides
 * 'background'), each group's encoder being its task's own; use it when the conditions have different salient
 * factors (what users ask for as pairwise background-vs-condition models, contrastiveVI issue #17 and ALGORITHMS
 * §10), at the cost of G salient encoders. With one target group the two are the same model.
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
 * `transform` gives `shared1..` and then `salient1..` ('shared') or `salient_<group>_1..` for each target group in
 * fit order ('per-group') posterior means for every row; every salient column is the encoder's output, never zeroed,
 * for background rows and for rows of the other target groups alike (what the model would say if the row were of that
 * group; background rows should sit near 0). `score` is the mean ELBO per row over both groups; `scores` adds `elbo:background` and `elbo:target`
 * (NaN for a group without rows; 'elbo:target' over every target group); `sample(n)` draws target rows (z and t from
 * their priors; with per-group blocks row i is of target group (i mod G) + 1).
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
