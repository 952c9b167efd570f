import type { Rng } from '@latentkit/core';
import type { ViContext } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { gradientOnly, stopGradient } from '../stop-gradient.js';
import type { Baseline } from './baseline.js';
import { MovingAverageBaseline } from './moving-average-baseline.js';

interface BaselineNet {
  readonly w1: tf.Variable;
  readonly b1: tf.Variable;
  readonly w2: tf.Variable;
  readonly b2: tf.Variable;
}

function createNet(inputs: number, hidden: number, rng: Rng): BaselineNet {
  return tf.tidy(() => ({
    w1: tf.variable(tf.randomNormal([inputs, hidden], 0, 1 / Math.sqrt(inputs), 'float32', rng.tfSeed())),
    b1: tf.variable(tf.zeros([hidden])),
    w2: tf.variable(tf.zeros([hidden, 1])),
    b2: tf.variable(tf.zeros([1])),
  }));
}

/**
 * An input-dependent baseline b(x) = c + b_ψ(x), as in NVIL (Mnih & Gregor 2014): c is the moving average of f
 * ({@link MovingAverageBaseline}, which centres the learning signal) and b_ψ a one-hidden-layer tanh network,
 * trained by minimising (f − b(x))² through a zero-valued surrogate term. Its input is the site's variational
 * parameters with gradients stopped (the encoder output, a function of the data row x); it never sees the sample z,
 * so it adds no bias. One network per latent site, created at the site's first call; its variables are trained by
 * the engine together with the model's (from the second step on).
 *
 * References: A. Mnih and K. Gregor, "Neural variational inference and learning in belief networks", ICML 2014.
 *
 * @example
 * ```ts
 * const estimator = new ScoreFunctionEstimator('estimators/my-nvil', new LearnedBaseline(32));
 * ```
 */
export class LearnedBaseline implements Baseline {
  private readonly centre: MovingAverageBaseline;
  private readonly hidden: number;
  private readonly nets = new Map<number, BaselineNet>();

  /**
   * A baseline with `hidden` tanh units per site network (default 16) over a moving average of decay `decay`
   * (default 0.9). Throws a one-line error naming `baselineHiddenUnits` unless `hidden` is an integer ≥ 1, and
   * `baselineDecay` unless `decay` is in [0, 1).
   */
  constructor(hidden = 16, decay = 0.9) {
    if (!(Number.isInteger(hidden) && hidden >= 1)) throw new Error(`baselineHiddenUnits must be an integer >= 1, got ${hidden}`);
    this.hidden = hidden;
    this.centre = new MovingAverageBaseline(decay);
  }

  apply(
    site: number,
    f: tf.Tensor,
    features: () => tf.Tensor,
    ctx: ViContext,
  ): {
    /** b(x) = c + b_ψ(x), one value per sample (`[n]`). */
    value: tf.Tensor;
    /** −(f − b(x))² with value 0, whose gradient trains b_ψ. */
    term: tf.Tensor;
  } {
    const c = this.centre.apply(site, f, features, ctx).value;
    const x = stopGradient(features());
    const input = tf.reshape(x, [x.shape[0], -1]);
    let net = this.nets.get(site);
    if (!net) {
      net = createNet(input.shape[1]!, this.hidden, ctx.rng.fork());
      this.nets.set(site, net);
    }
    const h = tf.tanh(tf.add(tf.matMul(input as tf.Tensor2D, net.w1), net.b1));
    const value = tf.add(c, tf.reshape(tf.add(tf.matMul(h, net.w2), net.b2), [x.shape[0]]));
    return { value, term: gradientOnly(tf.neg(tf.square(tf.sub(f, value)))) };
  }

  startStep(): void {
    this.centre.startStep();
  }

  finishStep(): void {
    this.centre.finishStep();
  }

  variables(): tf.Variable[] {
    return [...this.nets.values()].flatMap((n) => [n.w1, n.b1, n.w2, n.b2]);
  }

  dispose(): void {
    this.centre.dispose();
    for (const v of this.variables()) v.dispose();
    this.nets.clear();
  }
}
