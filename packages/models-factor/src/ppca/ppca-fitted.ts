import type { FitInfo, FitResult } from '@latentkit/registry';
import { FittedFactorModel } from '../shared/factor-fitted.js';
import type { LinearGaussian } from '../shared/linear-gaussian.js';
import { canonicalLoadings, rotateLoadings } from '../shared/orient-loadings.js';
import type { PpcaParams } from './ppca-params.js';

/**
 * A fitted probabilistic PCA model x ~ N(μ, W Wᵀ + σ²I). Without rotation the columns of W are the principal axes
 * scaled by (λ_k − σ²)^{1/2}, so `components` has scikit-learn's `components_` rows up to sign and scale.
 */
export class FittedPpca extends FittedFactorModel<PpcaParams> {
  readonly title = 'Probabilistic PCA';

  /** The isotropic noise variance σ² (scikit-learn's `noise_variance_`). */
  get noiseVariance(): number {
    return this.state.noise[0];
  }

  /**
   * Free parameters p = D·K − K(K−1)/2 + 1 + D: the loadings W up to a K×K rotation (D·K − K(K−1)/2), the noise
   * variance σ² and the D means μ — Tipping & Bishop (1999, §2.2) and Bishop (2006, §12.2.1) plus the means.
   */
  get nParameters(): number {
    const { d, k } = this.state;
    return d + d * k - (k * (k - 1)) / 2 + 1;
  }

  protected savedState(): Record<string, unknown> {
    return { noiseVariance: this.noiseVariance };
  }
}

/** Wrap an engine result: loadings in canonical orientation (principal axes, largest entry of each column positive), then rotated. */
export function ppcaFromResult(params: PpcaParams, result: FitResult<LinearGaussian>, info: FitInfo): FittedPpca {
  const { d, k, mean, noise } = result.state;
  const canonical = canonicalLoadings(result.state.loadings, noise, d, k);
  const { loadings, rotation } = rotateLoadings(canonical, d, k, params.rotation);
  return new FittedPpca(params, { d, k, mean, noise, loadings, rotation }, info);
}
