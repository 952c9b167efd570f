import { normalKl } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * KL(N(μq, diag σq²) ‖ N(μp, diag σp²)) per row, summed over latents: core's `normalKl` in log-scale form,
 * Σ_k log σp − log σq + (σq² + (μq − μp)²)/(2σp²) − ½. The prior defaults to N(0, I), where it is
 * ½ Σ_k (μ² + σ² − log σ² − 1).
 */
export function klRows(locQ: tf.Tensor2D, logScaleQ: tf.Tensor2D, locP: tf.Tensor2D | number = 0, logScaleP: tf.Tensor2D | number = 0): tf.Tensor1D {
  return tf.sum(normalKl(locQ, logScaleQ, locP, logScaleP), 1) as tf.Tensor1D;
}
