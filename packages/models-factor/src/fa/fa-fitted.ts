import type { FitInfo, FitResult } from '@latentkit/registry';
import { FittedFactorModel } from '../shared/factor-fitted.js';
import type { LinearGaussian } from '../shared/linear-gaussian.js';
import { canonicalLoadings, rotateLoadings } from '../shared/orient-loadings.js';
import type { FaParams } from './fa-params.js';

/**
 * A fitted factor analysis model x ~ N(μ, W Wᵀ + Ψ), Ψ = diag(ψ).
 * `loadings` (D×K) are scikit-learn's `components_` transposed, `noiseVariances` its `noise_variance_`.
 */
export class FittedFa extends FittedFactorModel<FaParams> {
  readonly title = 'Factor analysis';

  /**
   * Free parameters p = D·K − K(K−1)/2 + D + D: the loadings W up to a K×K rotation (D·K − K(K−1)/2), the D noise
   * variances ψ and the D means μ — the count of Lawley & Maxwell (1971) and Bishop (2006, §12.2.4) plus the means.
   */
  get nParameters(): number {
    const { d, k } = this.state;
    return 2 * d + d * k - (k * (k - 1)) / 2;
  }

  protected savedState(): Record<string, unknown> {
    return { noiseVariance: [...this.state.noise] };
  }
}

/**
 * Wrap an engine result: the loadings are put in canonical orientation (Ψ^{-1/2}W with orthogonal columns of
 * decreasing norm, each column's largest entry positive), then rotated as `params.rotation` asks.
 */
export function faFromResult(params: FaParams, result: FitResult<LinearGaussian>, info: FitInfo): FittedFa {
  const { d, k, mean, noise } = result.state;
  const canonical = canonicalLoadings(result.state.loadings, noise, d, k);
  const { loadings, rotation } = rotateLoadings(canonical, d, k, params.rotation);
  return new FittedFa(params, { d, k, mean, noise, loadings, rotation }, info);
}
