import { normalLogProb, normalRsample } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { gaussianSampler, initGaussianEncoder, outputBias, particlesOf, repeatRows } from '../common/gaussian-vae-parts.js';
import { initLikelihoodWeights, logLikRows } from '../common/likelihood.js';
import { latentNames, type VaeFamily, type VaeState } from '../common/vae-family.js';
import { initMlp } from '../nn/mlp.js';
import type { WeightValues } from '../nn/weights.js';
import { cvaeObjectives, taskNames, weightedLoss } from './cvae-objectives.js';
import { cvaeEngineDefaults, type CvaeParams } from './cvae-params.js';
import { groupCodes } from './cvae-groups.js';
import {
  cvaeRows,
  decodeRows,
  elboOfRows,
  encodeBoth,
  logLibrary,
  naturalOutput,
  ownBlock,
  ownBlocks,
  salientEncoder,
  spreadOwn,
  DECODER,
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

/** Number of salient blocks G: 1 for 'shared', the number of target groups for 'per-group' (from the fit's groups). */
function blocksOf(params: CvaeParams, groups: readonly string[] | undefined): number {
  if (params.salientBlocks === 'shared') return 1;
  if (!groups?.length) throw new Error(`${KEY}: salientBlocks 'per-group' needs the target groups; the model file has no state.groups`);
  return groups.length;
}

/** Salient column names: `salient1..` for one block, `salient_<group>_1..` for each target group's block. */
function salientColumns(params: CvaeParams, groups: readonly string[] | undefined): string[] {
  if (params.salientBlocks === 'shared') return latentNames('salient', params.salientDim);
  return (groups ?? []).flatMap((g) => latentNames(`salient_${g}_`, params.salientDim));
}

/** Whether R reads the salient encoders on background rows inside the tasks (then they are shared by every task). */
const rReadsBackground = (p: CvaeParams): boolean => p.training !== 'constrained' && (p.regularizer === 'wasserstein' || p.regularizer === 'mmd');

/**
 * The variables only one task uses. One block: the target task has the salient encoder (unless R reads it on
 * background rows) and the salient prior. Per-group blocks: task `target:<g>` has encoder `enct<g>` (same proviso);
 * the salient prior serves every target task, so it is shared.
 */
function taskOwnPrefixes(p: CvaeParams, blocks: number): string[][] {
  const encoder = (g: number) => (rReadsBackground(p) ? [] : [`${salientEncoder(g, blocks)}.`]);
  if (blocks === 1) return [[...encoder(1), `${SALIENT_PRIOR}.`]];
  return Array.from({ length: blocks }, (_, g) => encoder(g + 1));
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
    const blocks = blocksOf(params, info.groups);
    for (let g = 1; g <= blocks; g++) initGaussianEncoder(w, rng, info.d, params.hiddenUnits, params.salientDim, salientEncoder(g, blocks));
    const bias = outputBias(params.likelihood, info);
    initMlp(w, DECODER, [params.sharedDim + blocks * params.salientDim, ...[...params.hiddenUnits].reverse(), info.d], rng, { lastBias: bias });
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
  rowGroups: (params, ds, use, fitted) => groupCodes(ds, params, KEY, use, fitted),
  loss(state, params, batch, ctx) {
    const draw = gaussianSampler(ctx.estimator, KEY);
    const blocks = blocksOf(params, state.groups);
    const rows = cvaeRows(state.weights, params, batch, particlesOf(ctx), (loc, logScale) => draw(loc, logScale, ctx).z as tf.Tensor2D, blocks);
    return weightedLoss(params, rows, batch.target!, ctx.klWeight);
  },
  objectives(state, params, batch, ctx) {
    const draw = gaussianSampler(ctx.estimator, KEY);
    const particles = particlesOf(ctx);
    const blocks = blocksOf(params, state.groups);
    const rows = cvaeRows(state.weights, params, batch, particles, (loc, logScale) => draw(loc, logScale, ctx).z as tf.Tensor2D, blocks);
    return cvaeObjectives(params, rows, batch.target!, ctx.klWeight, particles, state.groups);
  },
  taskVariables(state, params) {
    const blocks = blocksOf(params, state.groups);
    const names = taskNames(blocks, state.groups).slice(1);
    const own = taskOwnPrefixes(params, blocks);
    const of = (prefixes: string[]) =>
      Object.entries(state.weights)
        .filter(([name]) => prefixes.some((p) => name.startsWith(p)))
        .map(([, v]) => v);
    return Object.fromEntries(names.map((name, k) => [name, of(own[k])]));
  },
  elboRows(state, params, batch, rng) {
    const blocks = blocksOf(params, state.groups);
    return elboOfRows(cvaeRows(state.weights, params, batch, 1, (loc, logScale) => normalRsample(loc, logScale, rng) as tf.Tensor2D, blocks));
  },
  logWeights(state, params, batch, rng, samples) {
    const w = state.weights;
    const blocks = blocksOf(params, state.groups);
    const post = encodeBoth(w, params, batch.xEnc, blocks);
    const part = (p: typeof post.shared, prefix: string) => {
      const loc = repeatRows(p.loc, samples);
      const logScale = repeatRows(p.logScale, samples);
      const s = normalRsample(loc, logScale, rng) as tf.Tensor2D;
      return { s, ratio: tf.sub(logPriorRows(w, prefix, s, params.prior), tf.sum(normalLogProb(s, loc, logScale), 1)) };
    };
    const z = part(post.shared, SHARED_PRIOR);
    const rowOwn = ownBlocks(batch.target!, blocks);
    const t = part({ loc: ownBlock(post.salient.loc, rowOwn), logScale: ownBlock(post.salient.logScale, rowOwn) }, SALIENT_PRIOR);
    const own = repeatRows(rowOwn, samples);
    const m = tf.sum(own, 1);
    const x = repeatRows(batch.x, samples);
    const out = decodeRows(w, params, z.s, spreadOwn(t.s, own), own, isCounts(params) ? logLibrary(x) : 0);
    const ll = logLikRows(params.likelihood, w, out, x, batch.logNorm && repeatRows(batch.logNorm, samples));
    return tf.reshape(tf.add(tf.add(ll, z.ratio), tf.mul(m, t.ratio)), [samples, batch.size]) as tf.Tensor2D;
  },
  encode(state, params, batch) {
    const { shared, salient } = encodeBoth(state.weights, params, batch.xEnc, blocksOf(params, state.groups));
    return tf.concat([shared.loc, salient.loc], 1) as tf.Tensor2D;
  },
  latentColumns: (params, state) => [...latentNames('shared', params.sharedDim), ...salientColumns(params, state?.groups)],
  reconstruct(state, params, batch) {
    const blocks = blocksOf(params, state.groups);
    const { shared, salient } = encodeBoth(state.weights, params, batch.xEnc, blocks);
    // Without groups (not reached: reconstruction is scoring, which needs them) rows are read as the first target group.
    const own = ownBlocks(batch.target ?? new Float32Array(batch.size).fill(1), blocks);
    return decodeRows(state.weights, params, shared.loc, salient.loc, own, isCounts(params) ? logLibrary(batch.x) : 0);
  },
  decode(state, params, zt) {
    const lib = isCounts(params) ? (state.extra[LOG_LIBRARY] as number) : 0;
    return naturalOutput(params.likelihood, state.weights, mlp(state.weights, DECODER, zt), lib);
  },
  decodeWidth: (params, state) => params.sharedDim + (state ? blocksOf(params, state.groups) : 1) * params.salientDim,
  generate(state, params, n, rng) {
    const blocks = blocksOf(params, state.groups);
    const z = samplePrior(state.weights, SHARED_PRIOR, params.prior, n, params.sharedDim, rng);
    const t = samplePrior(state.weights, SALIENT_PRIOR, params.prior, n, params.salientDim, rng);
    // Row i is a row of target group (i mod G) + 1: its own block gets the draw, the other blocks 0.
    const own = ownBlocks(
      Float32Array.from({ length: n }, (_, i) => (i % blocks) + 1),
      blocks,
    );
    const zt = tf.concat([tf.tensor2d(z, [n, params.sharedDim]), spreadOwn(tf.tensor2d(t, [n, params.salientDim]), own)], 1);
    return cvaeFamily.decode(state, params, zt);
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
