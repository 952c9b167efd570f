import * as tf from '@tensorflow/tfjs-core';
import { minNormWeights, type MinNormOptions } from './min-norm.js';

/** How a variable used by one task only is updated by MGDA: its task's gradient ('own') or α_k times it ('scaled'). */
export type TaskSpecificGrad = 'own' | 'scaled';

/** Gradients of one task, keyed by variable name; a missing or null entry is a zero gradient. */
export type TaskGradients = Readonly<Record<string, tf.Tensor | null | undefined>>;

/**
 * The Gram matrix G_ij = Σ_{v ∈ shared} ⟨g_i[v], g_j[v]⟩ of the tasks' gradients over the shared variables (their
 * concatenated gradient), read back as plain numbers (one small download).
 * @example
 * ```ts
 * sharedGram([{ w: tf.tensor1d([1, 0]) }, { w: tf.tensor1d([0, 2]) }], ['w']); // [[1, 0], [0, 4]]
 * ```
 */
export function sharedGram(taskGrads: readonly TaskGradients[], shared: readonly string[]): number[][] {
  const k = taskGrads.length;
  const products = tf.tidy(() => {
    const terms: tf.Scalar[] = [];
    for (let i = 0; i < k; i++)
      for (let j = i; j < k; j++) {
        let sum: tf.Scalar = tf.scalar(0);
        for (const name of shared) {
          const a = taskGrads[i][name];
          const b = taskGrads[j][name];
          if (a && b) sum = tf.add(sum, tf.sum(tf.mul(a, b)));
        }
        terms.push(sum);
      }
    return tf.stack(terms);
  });
  const flat = products.dataSync();
  products.dispose();
  const gram = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let m = 0;
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) {
      gram[i][j] = flat[m];
      gram[j][i] = flat[m];
      m += 1;
    }
  return gram;
}

/** The combined gradient of {@link mgdaDirection} and the MGDA weights it used. */
export interface MgdaDirection {
  /** New tensors keyed by variable name (the caller disposes them). */
  readonly direction: tf.NamedTensorMap;
  /** α_k per task, on the simplex. */
  readonly weights: number[];
}

/**
 * The multiple-gradient-descent direction over K tasks. With α the min-norm weights of the tasks' gradients over the
 * shared variables ({@link minNormWeights} of {@link sharedGram}), a shared variable v gets d[v] = Σ_k α_k g_k[v]; a
 * variable used by task k only gets g_k[v] (`mode` 'own', each task's parameters follow their own objective, as in
 * MO-cVAE) or α_k·g_k[v] ('scaled', as in Sener & Koltun's reference code). Variables of neither kind are left out.
 *
 * References: J.-A. Désidéri, Comptes Rendus Mathématique 350, 2012; O. Sener and V. Koltun, "Multi-task learning as
 * multi-objective optimization", NeurIPS 2018.
 * @param taskGrads Each task's gradients, keyed by variable name.
 * @param shared Names of the variables every task uses.
 * @param taskSpecific For each task (same order as `taskGrads`), the names of the variables only it uses.
 * @example
 * ```ts
 * const { direction, weights } = mgdaDirection([g1, g2], ['w'], [['a'], ['b']], 'own');
 * optimizer.apply(variables, direction, 0.01);
 * tf.dispose(direction);
 * ```
 */
export function mgdaDirection(
  taskGrads: readonly TaskGradients[],
  shared: readonly string[],
  taskSpecific: readonly (readonly string[])[],
  mode: TaskSpecificGrad,
  options: MinNormOptions = {},
): MgdaDirection {
  if (taskSpecific.length !== taskGrads.length) throw new Error(`mgdaDirection: taskSpecific has ${taskSpecific.length} lists for ${taskGrads.length} tasks`);
  const weights = minNormWeights(sharedGram(taskGrads, shared), options);
  const direction = tf.tidy(() => {
    const out: tf.NamedTensorMap = {};
    for (const name of shared) {
      let sum: tf.Tensor | undefined;
      taskGrads.forEach((g, k) => {
        const t = g[name];
        if (!t || weights[k] === 0) return;
        const term = tf.mul(t, weights[k]);
        sum = sum ? tf.add(sum, term) : term;
      });
      const any = taskGrads.find((g) => g[name])?.[name];
      if (sum) out[name] = sum;
      else if (any) out[name] = tf.zerosLike(any);
    }
    taskSpecific.forEach((names, k) => {
      for (const name of names) {
        const t = taskGrads[k][name];
        if (t) out[name] = mode === 'scaled' ? tf.mul(t, weights[k]) : tf.clone(t);
      }
    });
    return out;
  });
  return { direction, weights };
}
