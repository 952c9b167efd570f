import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random/rng.js';
import type { Distribution, LogitsOrProbs } from './distribution.js';
import { clampProbs, gumbel, offTape, shapeOf, toFloat } from './tensor-helpers.js';

/**
 * Parameters of {@link Categorical}: exactly one of `logits` ℓ and `probs` π, each `[..., K]`, π = softmax(ℓ) (K
 * classes of {@link LogitsOrProbs}).
 */
export type CategoricalParams = LogitsOrProbs;

const FLOAT32_MIN = -3.4028234663852886e38;

/**
 * Log mass of one-hot (or relaxed, on the simplex) values z under Categorical(softmax ℓ), over the last axis:
 * log p(z) = Σₖ zₖ·(ℓₖ − log Σⱼ e^ℓʲ) (torch's `OneHotCategorical.log_prob`). z and ℓ broadcast; the result drops
 * the category axis. Gradients flow to ℓ and z.
 *
 * @param value One-hot rows `[..., K]`.
 * @param logits Unnormalised logits ℓ `[..., K]`.
 * @example
 * ```ts
 * const logq = tf.sum(oneHotCategoricalLogProb(codes, logits), -1); // codes [n, groups, K] → [n]
 * ```
 */
export function oneHotCategoricalLogProb(value: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.mul(value, tf.logSoftmax(logits)), -1));
}

/**
 * One-hot draws from Categorical(softmax ℓ) over the last axis by the Gumbel-max trick,
 * z = onehot(argmaxₖ (ℓₖ + gₖ)) with gₖ ~ Gumbel(0, 1), as float32 of the shape of ℓ.
 * Off the gradient tape: ℓ receives zero gradient (use a score-function or relaxed estimator for gradients).
 *
 * @example
 * ```ts
 * const z = oneHotCategoricalSample(logits, rng); // [n, K] rows of zeros and a one
 * ```
 */
export function oneHotCategoricalSample(logits: tf.Tensor, rng: Rng): tf.Tensor {
  const k = logits.shape[logits.rank - 1];
  const g = gumbel(rng, logits.shape);
  // The wasm OneHot kernel ignores a float32 dtype (it writes int32 bits), so the int32 result is cast instead.
  const z = offTape([logits], (l) => tf.cast(tf.oneHot(tf.argMax(tf.add(l, g), -1), k), 'float32'));
  g.dispose();
  return z;
}

/**
 * The categorical distribution over the class indices {0, …, K − 1}, parameterised by unnormalised `logits`
 * ℓ (`[..., K]`) or by `probs` π (`[..., K]`, normalised along the last axis).
 *
 * Mass: log p(k) = ℓₖ − log Σⱼ e^ℓʲ. Given `probs`, log πₖ is taken after normalising and clamping π to
 * [ε, 1 − ε], as torch does. Values are integer class indices (any dtype, cast to int32) whose shape broadcasts
 * against the batch shape; out-of-range indices are not checked. `sample` uses the Gumbel-max trick and returns int32.
 *
 * @example
 * ```ts
 * const c = new Categorical({ logits: tf.tensor2d([[0, 1, 2]]) });
 * c.logProb(tf.tensor1d([2], 'int32')); // log softmax(ℓ)₂
 * ```
 */
export class Categorical implements Distribution {
  readonly name = 'Categorical';
  /** The parameters as given (tensors kept as is, so gradients flow to them). */
  readonly params: CategoricalParams;
  readonly batchShape: number[];
  readonly eventShape: number[] = [];
  /** Number of categories K. */
  readonly numCategories: number;

  /**
   * Categorical(π) over K classes, K the last axis of `logits` or `probs`; the batch shape is the axes before it.
   * @throws Error if neither or both of `logits` and `probs` are given, or if they are a scalar (no class axis).
   */
  constructor(params: CategoricalParams) {
    if ((params.logits === undefined) === (params.probs === undefined)) {
      throw new Error('Categorical: give exactly one of logits and probs');
    }
    this.params = params;
    const shape = shapeOf((params.logits ?? params.probs)!);
    if (shape.length < 1) throw new Error('Categorical: logits/probs need a last axis of categories');
    this.numCategories = shape[shape.length - 1];
    this.batchShape = shape.slice(0, -1);
  }

  /** Normalised log-probabilities log πₖ, `[...batch, K]`. */
  logits(): tf.Tensor {
    return tf.tidy(() => {
      if (this.params.logits !== undefined) {
        const l = toFloat(this.params.logits);
        return tf.sub(l, tf.logSumExp(l, -1, true));
      }
      const p = toFloat(this.params.probs!);
      return tf.log(clampProbs(tf.div(p, tf.sum(p, -1, true))));
    });
  }

  /** Probabilities πₖ, `[...batch, K]`. */
  probs(): tf.Tensor {
    return tf.tidy(() => {
      if (this.params.logits !== undefined) return tf.softmax(toFloat(this.params.logits), -1);
      const p = toFloat(this.params.probs!);
      return tf.div(p, tf.sum(p, -1, true));
    });
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const K = this.numCategories;
      const shape = tf.broadcast_util.assertAndGetBroadcastShape(value.shape, this.batchShape);
      const idx = tf.broadcastTo(tf.cast(value, 'int32'), shape);
      const mask = tf.cast(tf.oneHot(idx, K), 'bool');
      const logPmf = tf.broadcastTo(this.logits(), [...shape, K]);
      return tf.sum(tf.where(mask, logPmf, tf.zerosLike(logPmf)), -1);
    });
  }

  sample(rng: Rng, sampleShape: number[] = []): tf.Tensor {
    return tf.tidy(() => {
      const shape = [...sampleShape, ...this.batchShape, this.numCategories];
      return tf.argMax(tf.add(this.logits(), gumbel(rng, shape)), -1);
    });
  }

  /** Entropy −Σₖ πₖ log πₖ (with log 0 clamped to the lowest float32, so empty categories add 0). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const logits = tf.maximum(this.logits(), FLOAT32_MIN);
      return tf.neg(tf.sum(tf.mul(logits, this.probs()), -1));
    });
  }
}
