import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import type { ParamInput, ReparameterizedDistribution } from './distribution.js';
import { broadcastShapes, LOG_2PI, shapeOf, standardNormal, stopGradient, toFloat } from './tensor-helpers.js';
import { batchDiagonal, solveLowerTriangular } from './triangular-solve.js';

/** Parameters of {@link MultivariateNormal}. */
export interface MultivariateNormalParams {
  /** Mean μ, `[..., d]`. */
  loc: ParamInput;
  /** Lower-triangular Cholesky factor L of the covariance Σ = LLᵀ, `[..., d, d]`, with a positive diagonal. */
  scaleTril: ParamInput;
}

/**
 * The multivariate normal distribution N(μ, Σ) in d dimensions, parameterised by its mean `loc` μ and the
 * lower-triangular Cholesky factor `scaleTril` L of Σ = LLᵀ (torch's `scale_tril`).
 *
 * Density: log p(x) = −½‖L⁻¹(x − μ)‖² − Σᵢ log Lᵢᵢ − (d/2)·log 2π.
 * The triangular solve L⁻¹(x − μ) is a forward substitution over the (small) event dimension built from tfjs ops,
 * so gradients flow to μ and L. L must be lower triangular: `logProb` reads only the lower triangle, `rsample` all of L.
 * `rsample` is x = μ + Lε with ε ~ N(0, I). Batch dimensions of μ (`[..., d]`) and L (`[..., d, d]`) broadcast.
 *
 * @example
 * ```ts
 * const p = new MultivariateNormal({ loc: [0, 0], scaleTril: [[1, 0], [0.5, 2]] });
 * const lp = p.logProb(tf.tensor2d([[0.3, -1]]));  // shape [1]
 * ```
 */
export class MultivariateNormal implements ReparameterizedDistribution {
  readonly name = 'MultivariateNormal';
  /** Mean μ, `[..., d]`, as given. */
  readonly loc: ParamInput;
  /** Lower-triangular Cholesky factor L of Σ = LLᵀ, `[..., d, d]`, as given. */
  readonly scaleTril: ParamInput;
  readonly batchShape: number[];
  readonly eventShape: number[];

  /**
   * N(μ, LLᵀ) with event shape `[d]` and batch shape the broadcast of the batch axes of μ and L.
   * @throws Error if `loc` does not end in d or `scaleTril` in d×d, or if their batch axes do not broadcast.
   */
  constructor(params: MultivariateNormalParams) {
    this.loc = params.loc;
    this.scaleTril = params.scaleTril;
    const locShape = shapeOf(params.loc);
    const trilShape = shapeOf(params.scaleTril);
    const d = locShape[locShape.length - 1];
    if (locShape.length < 1 || trilShape.length < 2 || trilShape[trilShape.length - 1] !== d || trilShape[trilShape.length - 2] !== d) {
      throw new Error(`MultivariateNormal: loc [${locShape}] must end in d and scaleTril [${trilShape}] in d×d`);
    }
    this.eventShape = [d];
    this.batchShape = broadcastShapes(this.name, locShape.slice(0, -1), trilShape.slice(0, -2));
  }

  /** Log density; `value` is `[..., d]` and the result drops the event dimension. */
  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const tril = toFloat(this.scaleTril);
      const z = solveLowerTriangular(tril, tf.sub(toFloat(value), toFloat(this.loc)));
      const halfLogDet = tf.sum(tf.log(batchDiagonal(tril)), -1);
      const d = this.eventShape[0];
      return tf.sub(tf.mul(tf.sum(tf.square(z), -1), -0.5), tf.add(halfLogDet, 0.5 * d * LOG_2PI));
    });
  }

  rsample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const eps = standardNormal(rng, [...sampleShape, ...this.batchShape, ...this.eventShape]);
      const scaled = tf.sum(tf.mul(toFloat(this.scaleTril), tf.expandDims(eps, -2)), -1);
      return tf.add(toFloat(this.loc), scaled);
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => stopGradient(this.rsample(rng, sampleShape)));
  }

  /** Entropy (d/2)(1 + log 2π) + Σᵢ log Lᵢᵢ. */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const d = this.eventShape[0];
      const h = tf.add(tf.sum(tf.log(batchDiagonal(toFloat(this.scaleTril))), -1), 0.5 * d * (1 + LOG_2PI));
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  /** μ, `[...batch, d]`. */
  get mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(toFloat(this.loc), [...this.batchShape, ...this.eventShape]));
  }

  /** The diagonal of Σ, Σᵢᵢ = Σⱼ Lᵢⱼ², `[...batch, d]`. */
  get variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sum(tf.square(toFloat(this.scaleTril)), -1), [...this.batchShape, ...this.eventShape]));
  }

  /** The covariance Σ = LLᵀ, `[...batch, d, d]` (explicit transpose, no transposed matMul). */
  get covariance(): tf.Tensor {
    return tf.tidy(() => {
      const tril = toFloat(this.scaleTril);
      const perm = tril.shape.map((_, i) => i);
      perm[tril.rank - 1] = tril.rank - 2;
      perm[tril.rank - 2] = tril.rank - 1;
      const d = this.eventShape[0];
      return tf.broadcastTo(tf.matMul(tril, tf.transpose(tril, perm)), [...this.batchShape, d, d]);
    });
  }
}
