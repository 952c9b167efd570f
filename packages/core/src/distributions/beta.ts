import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { digammaT } from '../special/digamma-tensor.js';
import { lgammaT } from '../special/lgamma-tensor.js';
import { log1pT } from '../special/log1p-tensor.js';
import type { Distribution, ParamInput } from './distribution.js';
import { logGammaVariate } from './random-variates.js';
import { broadcastData, broadcastShapes, shapeOf, toFloat, xlogy } from './tensor-helpers.js';

/**
 * The beta distribution on (0, 1), parameterised by `a` = α > 0 and `b` = β > 0 (torch's `concentration1` and
 * `concentration0`).
 *
 * Density: log p(x) = (α − 1)·log x + (β − 1)·log(1 − x) − log B(α, β), with log B(α, β) = log Γ(α) + log Γ(β) − log Γ(α + β).
 * Mean α/(α + β), variance αβ/((α + β)²(α + β + 1)).
 * `sample` draws x = G_α/(G_α + G_β) from two Gamma variates, as σ(log G_α − log G_β) so that small α, β do not
 * underflow (in JS from the `Rng`); there is no `rsample`.
 *
 * @example
 * ```ts
 * const prior = new Beta(2, 5);
 * prior.logProb(tf.scalar(0.3));
 * ```
 */
export class Beta implements Distribution {
  readonly name = 'Beta';
  /** α > 0, as given: the first shape parameter (torch's `concentration1`). */
  readonly a: ParamInput;
  /** β > 0, as given: the second shape parameter (torch's `concentration0`). */
  readonly b: ParamInput;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];

  /**
   * Beta(α, β) with batch shape the broadcast shape of `a` and `b` (positivity is not checked).
   * @throws Error if the shapes of `a` and `b` do not broadcast.
   * @param a α > 0 (pseudo-count of successes).
   * @param b β > 0 (pseudo-count of failures).
   */
  constructor(a: ParamInput, b: ParamInput) {
    this.a = a;
    this.b = b;
    this.batchShape = broadcastShapes(this.name, shapeOf(a), shapeOf(b));
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = toFloat(value);
      const a = toFloat(this.a);
      const b = toFloat(this.b);
      const kernel = tf.add(xlogy(tf.sub(a, 1), x), tf.where(tf.equal(b, 1), 0, tf.mul(tf.sub(b, 1), log1pT(tf.neg(x)))));
      return tf.sub(kernel, logBetaT(a, b));
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    const shape = [...sampleShape, ...this.batchShape];
    const [a, b] = broadcastData([this.a, this.b], shape);
    const out = new Float32Array(a.length);
    for (let i = 0; i < out.length; i++) {
      const d = logGammaVariate(rng, a[i]) - logGammaVariate(rng, b[i]);
      out[i] = d >= 0 ? 1 / (1 + Math.exp(-d)) : Math.exp(d) / (1 + Math.exp(d));
    }
    return tf.tensor(out, shape, 'float32');
  }

  /** Entropy log B(α, β) − (α − 1)ψ(α) − (β − 1)ψ(β) + (α + β − 2)ψ(α + β). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = toFloat(this.a);
      const b = toFloat(this.b);
      const ab = tf.add(a, b);
      const h = tf.add(
        tf.sub(tf.sub(logBetaT(a, b), tf.mul(tf.sub(a, 1), digammaT(a))), tf.mul(tf.sub(b, 1), digammaT(b))),
        tf.mul(tf.sub(ab, 2), digammaT(ab)),
      );
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  /** α/(α + β). */
  get mean(): tf.Tensor {
    return tf.tidy(() => {
      const a = toFloat(this.a);
      return tf.broadcastTo(tf.div(a, tf.add(a, toFloat(this.b))), this.batchShape);
    });
  }

  /** αβ/((α + β)²(α + β + 1)). */
  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const a = toFloat(this.a);
      const b = toFloat(this.b);
      const ab = tf.add(a, b);
      return tf.broadcastTo(tf.div(tf.mul(a, b), tf.mul(tf.square(ab), tf.add(ab, 1))), this.batchShape);
    });
  }
}

function logBetaT(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.sub(tf.add(lgammaT(a), lgammaT(b)), lgammaT(tf.add(a, b)));
}
