import { normalLogProb, normalRsample } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { gaussianSampler, initGaussianEncoder, outputBias, particlesOf, repeatRows } from '../common/gaussian-vae-parts.js';
import { initLikelihoodWeights, logLikRows } from '../common/likelihood.js';
import { latentNames, type VaeFamily, type VaeState } from '../common/vae-family.js';
import { initMlp } from '../nn/mlp.js';
import type { WeightValues } from '../nn/weights.js';
import { cvaeObjectives, weightedLoss } from './cvae-objectives.js';
import { cvaeEngineDefaults, type CvaeParams } from './cvae-params.js';
import { targetIndicator } from './cvae-groups.js';
import {
  cvaeRows,
  decodeRows,
  elboOfRows,
  encodeBoth,
  logLibrary,
  naturalOutput,
  DECODER,
  SALIENT_ENCODER,
  SALIENT_PRIOR,
  SHARED_ENCODER,
  SHARED_PRIOR,
} from './cvae-forward.js';
import { cvaeViews } from './cvae-views.js';
import { initMixturePrior, logPriorRows, samplePrior } from './mixture-prior.js';
import { mlp } from '../nn/mlp.js';

const KEY = 'contrastive/cvae';
/** Extra state: log of the mean library size Σ_j x_ij of the training rows (counts), used to decode latents without a row. */
const LOG_LIBRARY = 'logLibrary';

const isCounts = (p: CvaeParams): boolean => p.likelihood === 'poisson' || p.likelihood === 'negative-binomial';
const ones = (n: number): tf.Tensor1D => tf.ones([n]);

/** The variables only the target task uses: the salient encoder and the salient prior, unless R reads them on background rows. */
function targetOnlyPrefixes(p: CvaeParams): string[] {
  const rInTasks = p.training !== 'constrained' && (p.regularizer === 'wasserstein' || p.regularizer === 'mmd');
  return rInTasks ? [`${SALIENT_PRIOR}.`] : [`${SALIENT_ENCODER}.`, `${SALIENT_PRIOR}.`];
}

/**
 * The contrastive VAE as a member of the VAE family (see {@link cvae} for the model). Weights: `encz` and `enct`
 * (encoder MLPs, hidden layers `hiddenUnits`), `dec` (decoder MLP on [z, t], mirrored hidden layers), the likelihood's
 * per-feature weights, and with `prior: 'mixture'` the priors `prior.z`/`prior.t` (learned means, scales, weights).
 */
export const cvaeFamily: VaeFamily<CvaeParams> = {
  key: KEY,
  title: 'Contrastive VAE',
  init(params, info, rng) {
    const w: WeightValues = {};
    initGaussianEncoder(w, rng, info.d, params.hiddenUnits, params.sharedDim, SHARED_ENCODER);
    initGaussianEncoder(w, rng, info.d, params.hiddenUnits, params.salientDim, SALIENT_ENCODER);
    const bias = outputBias(params.likelihood, info);
    initMlp(w, DECODER, [params.sharedDim + params.salientDim, ...[...params.hiddenUnits].reverse(), info.d], rng, { lastBias: bias });
    Object.assign(w, initLikelihoodWeights(params.likelihood, info.d, info.sd));
    if (params.prior === 'mixture') {
      initMixturePrior(w, SHARED_PRIOR, params.priorComponents, params.sharedDim, rng);
      initMixturePrior(w, SALIENT_PRIOR, params.priorComponents, params.salientDim, rng);
    }
    const extra: Record<string, number> = {};
    if (isCounts(params))
      extra[LOG_LIBRARY] = Math.log(
        Math.max(
          info.mean.reduce((a, b) => a + b, 0),
          1,
        ),
      );
    return { weights: w, extra };
  },
  rowGroups: (params, ds, use) => targetIndicator(ds, params.background, KEY, use),
  loss(state, params, batch, ctx) {
    const draw = gaussianSampler(ctx.estimator, KEY);
    const rows = cvaeRows(state.weights, params, batch, particlesOf(ctx), (loc, logScale) => draw(loc, logScale, ctx).z as tf.Tensor2D);
    return weightedLoss(params, rows, batch.target!, ctx.klWeight);
  },
  objectives(state, params, batch, ctx) {
    const draw = gaussianSampler(ctx.estimator, KEY);
    const particles = particlesOf(ctx);
    const rows = cvaeRows(state.weights, params, batch, particles, (loc, logScale) => draw(loc, logScale, ctx).z as tf.Tensor2D);
    return cvaeObjectives(params, rows, batch.target!, ctx.klWeight, particles);
  },
  taskVariables(state, params) {
    const prefixes = targetOnlyPrefixes(params);
    return {
      target: Object.entries(state.weights)
        .filter(([name]) => prefixes.some((p) => name.startsWith(p)))
        .map(([, v]) => v),
    };
  },
  elboRows(state, params, batch, rng) {
    return elboOfRows(cvaeRows(state.weights, params, batch, 1, (loc, logScale) => normalRsample(loc, logScale, rng) as tf.Tensor2D));
  },
  logWeights(state, params, batch, rng, samples) {
    const w = state.weights;
    const post = encodeBoth(w, params, batch.xEnc);
    const part = (p: typeof post.shared, prefix: string) => {
      const loc = repeatRows(p.loc, samples);
      const logScale = repeatRows(p.logScale, samples);
      const s = normalRsample(loc, logScale, rng) as tf.Tensor2D;
      return { s, ratio: tf.sub(logPriorRows(w, prefix, s, params.prior), tf.sum(normalLogProb(s, loc, logScale), 1)) };
    };
    const z = part(post.shared, SHARED_PRIOR);
    const t = part(post.salient, SALIENT_PRIOR);
    const m = repeatRows(tf.tensor1d(batch.target!), samples);
    const x = repeatRows(batch.x, samples);
    const out = decodeRows(w, params, z.s, t.s, m, isCounts(params) ? logLibrary(x) : 0);
    const ll = logLikRows(params.likelihood, w, out, x, batch.logNorm && repeatRows(batch.logNorm, samples));
    return tf.reshape(tf.add(tf.add(ll, z.ratio), tf.mul(m, t.ratio)), [samples, batch.size]) as tf.Tensor2D;
  },
  encode(state, params, batch) {
    const { shared, salient } = encodeBoth(state.weights, params, batch.xEnc);
    return tf.concat([shared.loc, salient.loc], 1) as tf.Tensor2D;
  },
  latentColumns: (params) => [...latentNames('shared', params.sharedDim), ...latentNames('salient', params.salientDim)],
  reconstruct(state, params, batch) {
    const { shared, salient } = encodeBoth(state.weights, params, batch.xEnc);
    const target = batch.target ? tf.tensor1d(batch.target) : ones(batch.size);
    return decodeRows(state.weights, params, shared.loc, salient.loc, target, isCounts(params) ? logLibrary(batch.x) : 0);
  },
  decode(state, params, zt) {
    const lib = isCounts(params) ? (state.extra[LOG_LIBRARY] as number) : 0;
    return naturalOutput(params.likelihood, state.weights, mlp(state.weights, DECODER, zt), lib);
  },
  decodeWidth: (params) => params.sharedDim + params.salientDim,
  generate(state, params, n, rng) {
    const z = samplePrior(state.weights, SHARED_PRIOR, params.prior, n, params.sharedDim, rng);
    const t = samplePrior(state.weights, SALIENT_PRIOR, params.prior, n, params.salientDim, rng);
    return cvaeFamily.decode(state, params, tf.concat([tf.tensor2d(z, [n, params.sharedDim]), tf.tensor2d(t, [n, params.salientDim])], 1));
  },
  viDefaults: cvaeEngineDefaults,
  extraScoreNames: () => ['elbo:background', 'elbo:target'],
  extraScores(_state, _params, data, rows) {
    const sums = [0, 0];
    const counts = [0, 0];
    rows.forEach((v, i) => {
      const g = data.target![i] > 0 ? 1 : 0;
      sums[g] += v;
      counts[g]++;
    });
    return { 'elbo:background': sums[0] / counts[0], 'elbo:target': sums[1] / counts[1] };
  },
  fittedViews: (fitted, data) => cvaeViews(fitted, data),
};

export type { VaeState };
