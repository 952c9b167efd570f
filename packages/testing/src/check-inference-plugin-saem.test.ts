import { saem } from '@latentkit/inference';
import type { ModelPlugin, SaemTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { checkInferencePlugin } from './check-inference-plugin.js';
import { toyMixture } from './toy/toy-mixture.js';
import { toyMixtureData } from './toy/toy-mixture-data.js';
import type { ToyMixtureParams } from './toy/toy-mixture-params.js';
import { logJoint, prepareToyData, toyMixtureTerms, type ToyMixtureData, type ToyMixtureState } from './toy/toy-mixture-terms.js';

/** Hard-label statistics of one draw: counts n_k (K) and sums Σ_{z_i = k} x_i (K×D). */
interface LabelStats {
  readonly nk: Float64Array;
  readonly sx: Float64Array;
}

/**
 * SAEM terms for `toy/mixture` (test stand-in: the package's toy model only has EM terms): the simulation step draws
 * every label from its posterior r_ik (C draws, statistics averaged), the M-step is EM's on the running statistics,
 * the objective the mean log-likelihood at the new parameters, and the change max_k ‖Δμ_k‖_∞.
 */
function toySaemTerms(params: ToyMixtureParams): SaemTerms<ToyMixtureState, ToyMixtureData, Int32Array, LabelStats> {
  const em = toyMixtureTerms(params);
  const k = params.nComponents;
  return {
    prepare: prepareToyData,
    init: (data, rng) => ({ state: em.init(data, rng), chain: new Int32Array(data.nRows) }),
    simulate: (state, _chain, data, rng, { samples }) => {
      const joint = logJoint(data.x, data.xSq, state, params.variance);
      const resp = tf.exp(tf.sub(joint, tf.logSumExp(joint, 1, true))).dataSync();
      const [n, d] = [data.nRows, data.nCols];
      const nk = new Float64Array(k);
      const sx = new Float64Array(k * d);
      const chain = new Int32Array(n);
      for (let c = 0; c < samples; c++) {
        for (let i = 0; i < n; i++) {
          let u = rng.uniform();
          let z = 0;
          while (z < k - 1 && u >= resp[i * k + z]) u -= resp[i * k + z++];
          chain[i] = z;
          nk[z] += 1 / samples;
          for (let j = 0; j < d; j++) sx[z * d + j] += data.values[i * d + j] / samples;
        }
      }
      return { chain, stats: { nk, sx } };
    },
    average: (running, fresh, gamma) =>
      running
        ? { nk: running.nk.map((v, q) => (1 - gamma) * v + gamma * fresh.nk[q]), sx: running.sx.map((v, q) => (1 - gamma) * v + gamma * fresh.sx[q]) }
        : fresh,
    maximise: (state, { nk, sx }, data) => {
      const d = data.nCols;
      const previous = state.means.dataSync();
      const means = Float32Array.from({ length: k * d }, (_, q) => (nk[Math.floor(q / d)] > 0 ? sx[q] / nk[Math.floor(q / d)] : previous[q]));
      const next = {
        means: tf.tensor2d(means, [k, d]),
        logWeights: tf.tensor1d(Float32Array.from(nk, (v) => Math.log(v / data.nRows + 1e-30))),
      };
      const objective = tf.mean(tf.logSumExp(logJoint(data.x, data.xSq, next, params.variance), 1)).dataSync()[0];
      return { state: next, objective };
    },
    change: (previous, next) => {
      const [a, b] = [previous.means.dataSync(), next.means.dataSync()];
      return Array.from(a, (v, q) => Math.abs(v - b[q])).reduce((m, v) => Math.max(m, v), 0);
    },
  };
}

const toySaem: ModelPlugin = {
  ...toyMixture,
  supports: ['inference/saem'],
  create: (params: ToyMixtureParams) => ({ ...toyMixture.create(params), terms: { saem: toySaemTerms(params) } }),
};

checkInferencePlugin(saem, {
  model: toySaem,
  data: () => toyMixtureData({ nRows: 60, seed: 3, means: [[-3], [0], [3]] }),
  params: { nComponents: 3 },
});
