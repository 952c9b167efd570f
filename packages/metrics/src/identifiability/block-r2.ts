import { metric } from '../define-metric.js';
import { KERNEL_RIDGE_R2_DEFAULTS, KERNEL_RIDGE_R2_PARAMS, kernelRidgeR2, mean, type KernelRidgeR2Params } from './kernel-ridge-r2.js';

export { r2Score } from './kernel-ridge-r2.js';

/** Parameters of `metrics/block-r2`. */
export type BlockR2Params = KernelRidgeR2Params;

const { plugin, fn } = metric({
  id: 'block-r2',
  description: 'Block identifiability: test R² of a kernel ridge regression of the true block on the estimated block.',
  params: KERNEL_RIDGE_R2_PARAMS,
  defaults: KERNEL_RIDGE_R2_DEFAULTS,
  compute(truth, pred, params, key) {
    const { r2, trainR2, settings } = kernelRidgeR2(truth, pred, params, key);
    return {
      /** The test R², averaged uniformly over the true columns (≤ 1; near 1: the true block is recovered). */
      value: mean(r2),
      /** `r2:<true column>`, each column's test R², and `trainR2`. */
      parts: {
        ...Object.fromEntries(truth.columns.map((c, j) => [`r2:${c}`, r2[j]])),
        /** The training R², averaged over the true columns (near 1 with a low test R²: overfitting). */
        trainR2,
      },
      /** γ and the rows the regression used. */
      settings,
    };
  },
});

/**
 * Block identifiability (`metrics/block-r2`), in the style of von Kügelgen et al. (2021): how well the true block
 * can be recovered from the estimated block by a nonlinear regression. The rows are shuffled with a seeded
 * permutation (`seed`, default 0; `shuffle=false` keeps file order, which is wrong for files sorted by group, such as
 * `datasets/contrastive-sim` with its background rows first), then split by the rule of `splitRows` (with
 * N < nTrain + nTest rows, 2/3 train for the default 2000/1000); both blocks are standardised with the training mean
 * and population standard deviation; scikit-learn's `KernelRidge(alpha, kernel='rbf', gamma)` (default α = 0.1,
 * γ = 1/d′) regresses the true block on the estimated one; the value is the test R² = 1 − Σ(y − ŷ)²/Σ(y − ȳ)²,
 * averaged uniformly over the true columns. Near 1 when the true block is a smooth function of the estimated block,
 * near or below 0 when unrelated.
 *
 * `truth`: N×d true block; `pred`: N×d′ estimated block. Parts: `r2:<true column>`, `trainR2`.
 * @example
 * ```ts
 * blockR2(trueContent, estimatedContent).value; // 0.86
 * ```
 */
export const blockR2 = fn;
/** The `metrics/block-r2` plugin; see {@link blockR2}. */
export const blockR2Plugin = plugin;
