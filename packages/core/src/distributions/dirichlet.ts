import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import { digammaT } from '../special/digamma-tensor.js';
import { lgammaT } from '../special/lgamma-tensor.js';
import type { Distribution, ParamInput } from './distribution.js';
import { dirichletVariate } from './random-variates.js';
import { broadcastData, shapeOf, toFloat, xlogy } from './tensor-helpers.js';

/**
 * The Dirichlet distribution on the (K − 1)-simplex, parameterised by `concentration` α (`[..., K]`, αₖ > 0).
 *
 * Density: log p(x) = Σₖ (αₖ − 1)·log xₖ + log Γ(α₀) − Σₖ log Γ(αₖ), with α₀ = Σₖ αₖ.
 * Mean αₖ/α₀, variance αₖ(α₀ − αₖ)/(α₀²(α₀ + 1)).
 * `sample` normalises independent Gamma(αₖ, 1) draws, in log space so that small αₖ do not underflow to 0/0
 * (in JS from the `Rng`); there is no `rsample`.
 *
 * @example
 * ```ts
 * const prior = new Dirichlet(tf.fill([nTopics], 0.1));
 * const theta = prior.sample(rng, [nDocs]); // [nDocs, nTopics]
 * ```
 */
export class Dirichlet implements Distribution {
  readonly name = 'Dirichlet';
  /** Concentration α, `[..., K]` with αₖ > 0, as given. */
  readonly concentration: ParamInput;
  readonly batchShape: number[];
  readonly eventShape: number[];

  /**
   * Dirichlet(α) on the (K − 1)-simplex: event shape `[K]`, batch shape the axes of α before the last.
   * @param concentration α, `[..., K]`.
   * @throws Error if `concentration` is a scalar (no axis of K components).
   */
  constructor(concentration: ParamInput) {
    this.concentration = concentration;
    const shape = shapeOf(concentration);
    if (shape.length < 1) throw new Error('Dirichlet: concentration needs a last axis of K components');
    this.batchShape = shape.slice(0, -1);
    this.eventShape = shape.slice(-1);
  }

  /** Log density of `value` `[..., K]` on the simplex; the result drops the event dimension. */
  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = toFloat(this.concentration);
      const kernel = tf.sum(xlogy(tf.sub(a, 1), toFloat(value)), -1);
      return tf.add(kernel, tf.sub(lgammaT(tf.sum(a, -1)), tf.sum(lgammaT(a), -1)));
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    const shape = [...sampleShape, ...this.batchShape, ...this.eventShape];
    const [a] = broadcastData([this.concentration], shape);
    const K = this.eventShape[0];
    const out = new Float32Array(a.length);
    for (let off = 0; off < a.length; off += K) dirichletVariate(rng, a.subarray(off, off + K), out.subarray(off, off + K));
    return tf.tensor(out, shape, 'float32');
  }

  /** Entropy Σₖ log Γ(αₖ) − log Γ(α₀) + (α₀ − K)ψ(α₀) − Σₖ (αₖ − 1)ψ(αₖ). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = toFloat(this.concentration);
      const K = this.eventShape[0];
      const a0 = tf.sum(a, -1);
      const logB = tf.sub(tf.sum(lgammaT(a), -1), lgammaT(a0));
      const h = tf.sub(tf.add(logB, tf.mul(tf.sub(a0, K), digammaT(a0))), tf.sum(tf.mul(tf.sub(a, 1), digammaT(a)), -1));
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  /** αₖ/α₀. */
  get mean(): tf.Tensor {
    return tf.tidy(() => {
      const a = toFloat(this.concentration);
      return tf.div(a, tf.sum(a, -1, true));
    });
  }

  /** αₖ(α₀ − αₖ)/(α₀²(α₀ + 1)). */
  get variance(): tf.Tensor {
    return tf.tidy(() => {
      const a = toFloat(this.concentration);
      const a0 = tf.sum(a, -1, true);
      return tf.div(tf.mul(a, tf.sub(a0, a)), tf.mul(tf.square(a0), tf.add(a0, 1)));
    });
  }
}
