import type { Rng } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GmmData } from './gmm-data.js';
import { sufficientStats } from './gmm-estep.js';
import { gmmMStep } from './gmm-mstep.js';
import type { GmmParams } from './gmm-params.js';
import type { GmmState } from './gmm-state.js';
import { indicator, kmeansPlusPlus, lloyd, nearestCentre } from './kmeans.js';

/**
 * Initial parameters, as scikit-learn does it: build initial responsibilities, then run one M-step on them.
 * - `meansInit` given: one-hot assignment of each row to its nearest given mean (ties to the lower index); weights,
 *   means and covariances then all come from the M-step on that assignment, so the start is free of randomness
 *   (scikit-learn's `means_init` would also run k-means for the weights and covariances).
 * - `kmeans`: k-means++ seeding followed by Lloyd iterations; responsibilities are the one-hot k-means labels.
 * - `k-means++`: the seeding alone; one-hot assignment to the nearest seed.
 * - `random`: responsibilities drawn uniformly and normalised per row.
 */
export function gmmInit(params: GmmParams, data: GmmData, rng: Rng): GmmState {
  const k = params.nComponents;
  const { n, d } = data;
  if (n < k) throw new Error(`mixture/gmm: nComponents=${k} is more than the ${n} rows of the data`);
  let resp: tf.Tensor2D;
  if (params.meansInit) {
    checkMeansInit(params.meansInit, k, d);
    const centred = new Float64Array(k * d);
    params.meansInit.forEach((row, c) => row.forEach((v, j) => (centred[c * d + j] = v - data.center[j])));
    resp = oneHotNearest(data.x, centred, k);
  } else if (params.initParams === 'random') {
    const u = rng.fillUniform(new Float32Array(n * k));
    resp = tf.tidy(() => {
      const r = tf.tensor2d(u, [n, k]);
      return tf.div(r, tf.sum(r, 1, true)) as tf.Tensor2D;
    });
  } else {
    const seeds = kmeansPlusPlus(data.values, n, d, k, rng);
    for (let i = 0; i < seeds.length; i++) seeds[i] -= data.center[i % d];
    if (params.initParams === 'k-means++') resp = oneHotNearest(data.x, seeds, k);
    else {
      const labels = lloyd(data.x, seeds, k);
      resp = indicator(labels, k);
      labels.dispose();
    }
  }
  const stats = sufficientStats(resp, data);
  resp.dispose();
  return gmmMStep(stats, params.covarianceType, params.regCovar);
}

function oneHotNearest(x: tf.Tensor2D, centres: Float64Array, k: number): tf.Tensor2D {
  const labels = nearestCentre(x, centres, k);
  const resp = indicator(labels, k);
  labels.dispose();
  return resp;
}

function checkMeansInit(m: number[][], k: number, d: number): void {
  if (m.length !== k) throw new Error(`mixture/gmm: meansInit has ${m.length} rows but nComponents=${k}`);
  m.forEach((row, i) => {
    if (row.length !== d) throw new Error(`mixture/gmm: meansInit row ${i + 1} has ${row.length} numbers but the data has ${d} columns`);
  });
}
