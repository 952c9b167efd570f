import { cholesky, matrix, NotPositiveDefiniteError } from '@latentkit/core';

const short = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x));

/**
 * A component's covariance (after adding regCovar) is numerically singular: the component sits on too few points,
 * on duplicated rows or on collinear columns. One line, e.g.
 * `mixture/gmm: covariance of component 3 is singular (pivot 0 is 0): the component holds 1.0 of 200 points;
 * increase regCovar (now 0) or reduce nComponents`. `component` is 1-based, as users count; 0 for a tied covariance.
 */
export class SingularCovarianceError extends Error {
  /** 1-based component, or 0 for the covariance all components share (tied). */
  readonly component: number;
  /** Effective number of points of the component, N_k = Σ_i r_ik (all points for tied). */
  readonly effectivePoints: number;
  /** Number of rows of the data the mixture was fitted to (N). */
  readonly points: number;

  /**
   * Builds the one-line message from the plugin key `who` (e.g. `mixture/gmm`), the 1-based `component` (0: tied),
   * its N_k, the N rows, the failed Cholesky factorisation `cause` (its pivot) and the `regCovar` in force.
   */

  constructor(who: string, component: number, effectivePoints: number, points: number, cause: NotPositiveDefiniteError, regCovar: number) {
    const what = component > 0 ? `covariance of component ${component}` : 'tied covariance';
    const holds =
      component > 0
        ? `the component holds ${effectivePoints.toFixed(1)} of ${points} points`
        : `it is pooled over ${points} points (duplicated rows or collinear columns?)`;
    super(
      `${who}: ${what} is singular (pivot ${cause.pivot} is ${short(cause.pivotValue)}): ${holds}; ` +
        `increase regCovar (now ${regCovar}) or reduce nComponents`,
      { cause },
    );
    this.name = 'SingularCovarianceError';
    this.component = component;
    this.effectivePoints = effectivePoints;
    this.points = points;
  }
}

/**
 * Check that every covariance of a K×D×D array is positive definite by a float64 Cholesky factorisation; throws a
 * {@link SingularCovarianceError} naming the first that is not, with its effective number of points `nk[c]`.
 */
export function assertDefinite(who: string, covariances: Float64Array, nk: Float64Array, points: number, regCovar: number, tied: boolean): void {
  const k = nk.length;
  const d = Math.round(Math.sqrt(covariances.length / k));
  for (let c = 0; c < (tied ? 1 : k); c++) {
    try {
      cholesky(matrix(d, d, covariances.subarray(c * d * d, (c + 1) * d * d)));
    } catch (e) {
      if (!(e instanceof NotPositiveDefiniteError)) throw e;
      throw new SingularCovarianceError(who, tied ? 0 : c + 1, tied ? points : nk[c], points, e, regCovar);
    }
  }
}
