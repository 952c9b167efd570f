import { createRng } from '@latentkit/core';
import type { EstimatorInstance, EstimatorPlugin, LatentKind } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { contextFor, particlesFor, sampleSite, type EstimatorPluginFixtures } from './estimator-fixtures.js';

/** Parameters of the 5 rows of one site: [μ, log σ] for a Gaussian, 3 Bernoulli logits, or 4 categorical logits. */
const PARAMS: Record<LatentKind, number[][]> = {
  gaussian: [
    [0.3, -0.2],
    [-1.1, 0.4],
    [2, -1],
    [0, 0],
    [0.7, -0.5],
  ],
  bernoulli: [
    [0.4, -1.2, 2],
    [0, 0.8, -0.3],
    [-2, 1.5, 0.1],
    [1, -0.6, 0.9],
    [0.2, 0.3, -1.7],
  ],
  categorical: [
    [0.2, -0.4, 0.5, 1],
    [0, 0, 0, 0],
    [-1, 2, 0.3, -0.2],
    [1.5, -0.5, 0.1, 0.4],
    [0.6, 0.7, -1.3, 0],
  ],
};
const TARGETS = [0.3, 1.7, -0.5, 2];

/** What one training step of one latent site gave. */
export interface SiteStep {
  readonly latent: LatentKind;
  readonly step: number;
  /** Rows of parameters × particles. */
  readonly n: number;
  readonly paramShape: readonly number[];
  readonly zShape: readonly number[];
  readonly z: Float32Array;
  readonly surrogateShape: readonly number[];
  readonly f: Float32Array;
  readonly surrogate: Float32Array;
  /** Gradient of −mean surrogate with respect to the rows' parameters. */
  readonly grad: Float32Array;
  /** Gradients of the estimator's own variables, by name (null: not used in the step). */
  readonly ownGrads: Readonly<Record<string, Float32Array | null>>;
}

/**
 * Run `steps` training steps of `instance` as the VI engine does (variables, startStep, sample and surrogate under
 * the gradient tape in `tf.tidy`, finishStep) on one `latent` site with f(z) = Σ_j (z_j − t_j)² per sample, and
 * return what each step gave. The parameters are 5 fixed rows repeated particle-major for the estimator's minimum
 * number of particles.
 */
export function runSteps(plugin: EstimatorPlugin, instance: EstimatorInstance, latent: LatentKind, fixtures: EstimatorPluginFixtures, steps = 3): SiteStep[] {
  const S = particlesFor(plugin);
  const rng = createRng(fixtures.seed ?? 1234);
  const theta = tf.tidy(() => tf.variable(tf.tensor2d(PARAMS[latent])));
  const out: SiteStep[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const own = instance.variables();
      const ctx = contextFor(instance, rng.fork(), S, step, fixtures.temperature);
      instance.startStep();
      const seen: { -readonly [K in keyof SiteStep]?: SiteStep[K] } = {};
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const params = tf.tile(theta, [S, 1]) as tf.Tensor2D;
          const sample = sampleSite(instance, latent, params, ctx);
          const p = latent === 'gaussian' ? 1 : params.shape[1];
          const f = tf.sum(tf.square(tf.sub(sample.z, tf.tensor1d(TARGETS.slice(0, p)))), -1);
          const surrogate = sample.surrogate(f);
          Object.assign(seen, {
            latent,
            step,
            n: params.shape[0],
            paramShape: latent === 'gaussian' ? [params.shape[0], 1] : params.shape,
            zShape: sample.z.shape,
            z: sample.z.dataSync() as Float32Array,
            surrogateShape: surrogate.shape,
            f: f.dataSync() as Float32Array,
            surrogate: surrogate.dataSync() as Float32Array,
          });
          return tf.neg(tf.mean(surrogate)) as tf.Scalar;
        }, [theta, ...own]);
        seen.grad = grads[theta.name]!.dataSync() as Float32Array;
        seen.ownGrads = Object.fromEntries(own.map((v) => [v.name, (grads[v.name]?.dataSync() as Float32Array | undefined) ?? null]));
      });
      instance.finishStep();
      out.push(seen as SiteStep);
    }
  } finally {
    theta.dispose();
  }
  return out;
}
