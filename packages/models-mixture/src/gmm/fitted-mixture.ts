import type { Dataset } from '@latentkit/core';
import { FittedBase, type ModelView } from '@latentkit/registry';
import type { GaussianComponents } from './gmm-state.js';
import { mixtureViews } from './mixture-views.js';

/** A row-major r×c block as r arrays of c numbers. */
export function rowsOf(a: Float64Array, r: number, c: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
}

/** K row-major D×D matrices, stored one after another, as K arrays of D rows. */
export function matricesOf(a: Float64Array, k: number, d: number): number[][][] {
  return Array.from({ length: k }, (_, c) => rowsOf(a.subarray(c * d * d, (c + 1) * d * d), d, d));
}

/**
 * What the fitted Gaussian mixtures (plain and Bayesian) share beyond {@link FittedBase}: K components of means and
 * covariances in their state, the getters over them, and their views (see {@link mixtureViews}).
 */
export abstract class FittedMixture<P extends object, S extends GaussianComponents> extends FittedBase<P, S> {
  /** Mixing weights (K). */
  abstract get weights(): Float64Array;
  /** How the `weights` are written in views (`π_k`, `E[π_k]`). */
  protected abstract readonly weightName: string;
  /** Most probable component per row (0-based). */
  abstract predict(data: Dataset): Int32Array;

  /** K: `transform` returns one responsibility per component. */
  get latentDim(): number {
    return this.state.k;
  }
  /** Component means, K rows of D. */
  get means(): number[][] {
    return rowsOf(this.state.means, this.state.k, this.state.d);
  }
  /** Component covariances, K matrices D×D. */
  get covariances(): number[][][] {
    return matricesOf(this.state.covariances, this.state.k, this.state.d);
  }

  /** Heatmap of the means, the weights as a line, and with `data` its rows labelled by their most probable component. */
  views(data?: Dataset): ModelView[] {
    const { k, d, means } = this.state;
    return mixtureViews({ k, d, means, weights: this.weights, columns: this.columns, weightName: this.weightName, predict: (x) => this.predict(x) }, data);
  }
}
