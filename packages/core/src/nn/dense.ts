import * as tf from '@tensorflow/tfjs-core';

/** Which gradient {@link dense} uses. */
export type DenseGradient = 'auto' | 'transposed' | 'builtin';

/** Options of {@link dense}. */
export interface DenseOptions {
  /**
   * `'transposed'`: the custom gradient with explicit `tf.transpose` and plain matMuls; `'builtin'`: tfjs's matMul
   * gradient (transposeA/transposeB products); `'auto'` (default): transposed on the wasm backend, builtin elsewhere.
   */
  readonly gradient?: DenseGradient;
  /**
   * Whether to compute dx (default true). A first layer fed by data needs no input gradient: with `false` the
   * transposed path returns zeros for dx and skips one matMul and one transpose per step.
   */
  readonly inputGradient?: boolean;
}

/** The transposed-gradient op for one combination of bias and input gradient. */
function transposedDense(hasBias: boolean, inputGradient: boolean) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w] = args as tf.Tensor2D[];
    const b = hasBias ? (args[2] as tf.Tensor) : undefined;
    (args[args.length - 1] as tf.GradSaveFunc)([x, w]);
    const xw = tf.matMul(x, w);
    return {
      value: b ? tf.add(xw, b) : xw,
      gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => {
        const g = dy as tf.Tensor2D;
        const dx = inputGradient ? tf.matMul(g, tf.transpose(ws as tf.Tensor2D)) : tf.zerosLike(xs);
        const dw = tf.matMul(tf.transpose(xs as tf.Tensor2D), g);
        return hasBias ? [dx, dw, tf.sum(g, 0)] : [dx, dw];
      },
    };
  });
}

const transposedOps = {
  biasInput: transposedDense(true, true),
  bias: transposedDense(true, false),
  input: transposedDense(false, true),
  plain: transposedDense(false, false),
};

/** Whether {@link dense} with `gradient: 'auto'` uses the transposed custom gradient on the active backend (wasm). */
export function usesTransposedGradient(): boolean {
  return tf.getBackend() === 'wasm';
}

/**
 * A fully connected layer y = x·W + b, whose gradient avoids wasm's slow transposed matMuls.
 *
 * The gradients are dx = dy·Wᵀ, dW = xᵀ·dy and db = Σ_rows dy. tfjs's built-in matMul gradient computes the first
 * two with `transposeB`/`transposeA` products, which leave XNNPACK's fast path on the wasm backend (10–15× slower
 * for a 128×784 @ 784×256 product); this op transposes explicitly and then multiplies normally, which made a VAE
 * training step 3.9× faster on wasm. On the cpu backend the built-in gradient is slightly faster, so `'auto'` uses
 * the custom gradient only on wasm (see BACKENDS.md, "The transposed-matmul slow path on wasm").
 * `x` may have leading batch axes (`[..., in]`); they are flattened for the product and restored.
 *
 * @param x Inputs `[..., in]`.
 * @param kernel Weights W `[in, out]`.
 * @param bias Optional bias b `[out]`.
 * @param options Gradient selection (default `'auto'`).
 * @returns `[..., out]`.
 * @example
 * ```ts
 * const w = tf.variable(tf.randomNormal([784, 256], 0, 0.05));
 * const b = tf.variable(tf.zeros([256]));
 * const h = tf.relu(dense(x, w, b)); // x: [batch, 784]
 * ```
 */
export function dense(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor, options: DenseOptions = {}): tf.Tensor {
  if (kernel.rank !== 2) throw new Error(`dense: the kernel must be a matrix [in, out], got shape [${kernel.shape}]`);
  const [nIn, nOut] = kernel.shape as [number, number];
  if (x.rank < 1 || x.shape[x.rank - 1] !== nIn) {
    throw new Error(`dense: the inputs' last axis must have ${nIn} entries (the kernel's rows), got shape [${x.shape}]`);
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== nOut)) throw new Error(`dense: the bias must have shape [${nOut}], got [${bias.shape}]`);
  const gradient = options.gradient ?? 'auto';
  const transposed = gradient === 'transposed' || (gradient === 'auto' && usesTransposedGradient());
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const x2 = x.rank === 2 ? x : tf.reshape(x, [-1, nIn]);
    let y: tf.Tensor;
    if (transposed) {
      const inputGradient = options.inputGradient ?? true;
      const op = bias ? (inputGradient ? transposedOps.biasInput : transposedOps.bias) : inputGradient ? transposedOps.input : transposedOps.plain;
      y = bias ? op(x2, kernel, bias) : op(x2, kernel);
    } else y = bias ? tf.add(tf.matMul(x2 as tf.Tensor2D, kernel as tf.Tensor2D), bias) : tf.matMul(x2 as tf.Tensor2D, kernel as tf.Tensor2D);
    return x.rank === 2 ? y : tf.reshape(y, [...lead, nOut]);
  });
}
