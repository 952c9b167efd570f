import { createRng, logSumExp, sigmoid, type Rng } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import { layerWidths, type DdeState } from '../dde-state.js';
import { cellLogLik, cellLogLikFull } from '../families.js';
import { linearPredictor, logBernoulliLogit } from './layer-predictors.js';

/** Options of {@link importanceLogLikelihood} and `gibbsMarginals`. */
export interface ImportanceOptions {
  /** Importance samples S per row (default 1000). */
  readonly samples?: number;
  /** Systematic-scan Gibbs sweeps per row discarded before averaging (default 10). */
  readonly burnIn?: number;
  /** Gibbs sweeps per row whose conditional probabilities are averaged into the proposal (default 20). */
  readonly sweeps?: number;
  /** Independent Gibbs chains per row, each giving one component of the mixture proposal (default 4). */
  readonly chains?: number;
  /** Weight ε of the uniform component mixed into each proposal probability: q = (1 − ε)·μ + ε/2 (default 0.1). */
  readonly defensive?: number;
  /** Seed of the Gibbs chains and the importance draws (default 0): equal seeds give equal estimates. */
  readonly seed?: number;
}

/** Per-row estimates of log p(x_i) with their standard errors. */
export interface ImportanceEstimate {
  /** log((1/S) Σ_s w_s) for every row i, in nats (N), with w_s = p(x_i, z_s)/q_i(z_s); biased low by about SE²/2. */
  readonly logLik: Float64Array;
  /** The delta-method standard error sd(w)/(√S·mean(w)) of each row's `logLik` (N). */
  readonly standardError: Float64Array;
}

/**
 * One row's latent configuration during Gibbs sampling: the bits of every layer and the linear predictors of every
 * child (the observed columns of layer 1, the latents of the layer below otherwise), kept in step with the bits.
 */
interface Chain {
  readonly bits: Uint8Array[];
  /** `eta[0]`: η_j of the J columns; `eta[L]` (L ≥ 1): η of the K_L latents of layer L (given layer L + 1). */
  readonly eta: Float64Array[];
}

const varianceOf = (state: DdeState, j: number): number => state.variances?.[j] ?? 1;

function refreshPredictors(state: DdeState, chain: Chain): void {
  state.layers.forEach((layer, L) => {
    const out = chain.eta[L];
    for (let c = 0; c < out.length; c++) out[c] = linearPredictor(layer, c, chain.bits[L]);
  });
}

/**
 * log P(A^(L+1)_k = 1 | everything else) − log P(= 0 | …): the parent's logit (logit p_k at the top) plus the change
 * of the children's log-likelihoods when the bit goes from 0 to 1.
 */
function conditionalLogOdds(state: DdeState, data: DdeData, row: number, chain: Chain, L: number, k: number): number {
  const depth = state.layers.length;
  const p = state.topProbabilities[k];
  let odds = L === depth - 1 ? Math.log(p) - Math.log1p(-p) : chain.eta[L + 1][k];
  const z = chain.bits[L][k];
  const coefficients = state.layers[L].coefficients;
  const eta = chain.eta[L];
  for (let c = 0; c < eta.length; c++) {
    const beta = coefficients[c][k + 1];
    if (beta === 0) continue;
    const on = eta[c] + (1 - z) * beta;
    const off = eta[c] - z * beta;
    if (L === 0) {
      const x = data.values[row * data.nCols + c];
      const v = varianceOf(state, c);
      odds += cellLogLik(state.families[c], x, on, v) - cellLogLik(state.families[c], x, off, v);
    } else {
      const a = chain.bits[L - 1][c];
      odds += logBernoulliLogit(a, on) - logBernoulliLogit(a, off);
    }
  }
  return odds;
}

function setBit(state: DdeState, chain: Chain, L: number, k: number, value: number): void {
  const old = chain.bits[L][k];
  if (old === value) return;
  chain.bits[L][k] = value;
  const sign = value - old;
  const coefficients = state.layers[L].coefficients;
  const eta = chain.eta[L];
  for (let c = 0; c < eta.length; c++) eta[c] += sign * coefficients[c][k + 1];
}

/**
 * Rao–Blackwellised posterior marginals P(A^(d)_k = 1 | x_i) of one row from a systematic-scan Gibbs chain (top
 * layer first, each coordinate given all the others), started from a prior draw; written to `out[L]`.
 */
function rowGibbsMarginals(state: DdeState, data: DdeData, row: number, chain: Chain, rng: Rng, burnIn: number, sweeps: number, out: Float64Array[]): void {
  const depth = state.layers.length;
  for (let L = depth - 1; L >= 0; L--)
    for (let k = 0; k < chain.bits[L].length; k++) {
      const prob = L === depth - 1 ? state.topProbabilities[k] : sigmoid(linearPredictor(state.layers[L + 1], k, chain.bits[L + 1]));
      chain.bits[L][k] = rng.uniform() < prob ? 1 : 0;
    }
  refreshPredictors(state, chain);
  out.forEach((o) => o.fill(0));
  for (let t = 0; t < burnIn + sweeps; t++)
    for (let L = depth - 1; L >= 0; L--)
      for (let k = 0; k < chain.bits[L].length; k++) {
        const prob = sigmoid(conditionalLogOdds(state, data, row, chain, L, k));
        if (t >= burnIn) out[L][k] += prob / sweeps;
        setBit(state, chain, L, k, rng.uniform() < prob ? 1 : 0);
      }
}

const newChain = (state: DdeState): Chain => {
  const widths = layerWidths(state);
  return { bits: widths.map((k) => new Uint8Array(k)), eta: state.layers.map((l) => new Float64Array(l.coefficients.length)) };
};

/** log p(x_i, a^(1), …, a^(D)) of the chain's configuration, with every constant (its predictors must be current). */
function logJoint(state: DdeState, data: DdeData, row: number, chain: Chain): number {
  const depth = state.layers.length;
  let s = 0;
  for (let j = 0; j < data.nCols; j++) s += cellLogLikFull(state.families[j], data.values[row * data.nCols + j], chain.eta[0][j], varianceOf(state, j));
  for (let L = 1; L < depth; L++) for (let c = 0; c < chain.eta[L].length; c++) s += logBernoulliLogit(chain.bits[L - 1][c], chain.eta[L][c]);
  const top = chain.bits[depth - 1];
  for (let l = 0; l < top.length; l++) s += top[l] ? Math.log(state.topProbabilities[l]) : Math.log1p(-state.topProbabilities[l]);
  return s;
}

/**
 * Posterior marginals P(A^(d)_k = 1 | x_i) of every layer (bottom-up, N × K_d each) approximated by a short Gibbs
 * chain per row: for models beyond `maxStates`, where the exact ones cannot be enumerated.
 */
export function gibbsMarginals(state: DdeState, data: DdeData, options: ImportanceOptions = {}): Float64Array[] {
  const { burnIn = 10, sweeps = 20, seed = 0 } = options;
  const rng = createRng(seed);
  const widths = layerWidths(state);
  const chain = newChain(state);
  const rowOut = widths.map((k) => new Float64Array(k));
  const out = widths.map((k) => new Float64Array(data.nRows * k));
  for (let i = 0; i < data.nRows; i++) {
    rowGibbsMarginals(state, data, i, chain, rng, burnIn, sweeps, rowOut);
    widths.forEach((k, L) => out[L].set(rowOut[L], i * k));
  }
  return out;
}

/**
 * An importance-sampling estimate of log p(x_i) for every row, for models whose 2^(ΣK) joint states are too many to
 * enumerate.
 *
 * Proposal: per row, an equal mixture of C factorised Bernoullis over every latent of every layer,
 * q_i(z) = (1/C)·Σ_c Π_{d,k} Bernoulli(z_dk; q_cdk) with q_cdk = (1 − ε)·μ_cdk + ε/2 and μ_cdk the Rao–Blackwellised
 * marginals P(A^(d)_k = 1 | x_i) of the c-th of C short systematic-scan Gibbs chains from independent prior draws.
 * Why: the posterior of a DDE given a rich row is concentrated near one configuration, which
 * the product of its marginals covers closely, and a joint proposal over all layers needs neither the prior π(a^(1))
 * (a sum over 2^(K_2+…+K_D) states) nor 2^K_1 enumeration; the defensive ε keeps every configuration proposable and
 * bounds the weight of a coordinate whose marginal the chain got wrong by at most a factor 2/ε; several chains cover
 * a row whose posterior has more than one mode (a single chain stays in one, and then the estimate is low with a
 * deceptively small standard error).
 *
 * Weights w_s = p(x_i, z_s)/q_i(z_s) are unbiased for p(x_i); the estimate is log((1/S)·Σ_s w_s) and its standard
 * error, by the delta method, sd(w)/(√S·mean(w)) (the log of the mean is biased low by about SE²/2).
 */
export function importanceLogLikelihood(state: DdeState, data: DdeData, options: ImportanceOptions = {}): ImportanceEstimate {
  const { samples = 1000, chains = 4, burnIn = 10, sweeps = 20, defensive = 0.1, seed = 0 } = options;
  if (!Number.isInteger(samples) || samples < 2) throw new Error(`dde/dde: importance sampling needs samples ≥ 2, got ${samples}`);
  const rng = createRng(seed);
  const widths = layerWidths(state);
  const chain = newChain(state);
  // proposals[c][L][k]: the proposal probability q_ck of latent k of layer L + 1 in mixture component c.
  const proposals = Array.from({ length: chains }, () => widths.map((k) => new Float64Array(k)));
  const logComponent = new Float64Array(chains);
  const logW = new Float64Array(samples);
  const logLik = new Float64Array(data.nRows);
  const standardError = new Float64Array(data.nRows);
  for (let i = 0; i < data.nRows; i++) {
    for (const proposal of proposals) {
      rowGibbsMarginals(state, data, i, chain, rng, burnIn, sweeps, proposal);
      for (const q of proposal) for (let b = 0; b < q.length; b++) q[b] = (1 - defensive) * q[b] + defensive / 2;
    }
    for (let s = 0; s < samples; s++) {
      const pick = proposals[rng.int(chains)];
      widths.forEach((k, L) => {
        for (let b = 0; b < k; b++) chain.bits[L][b] = rng.uniform() < pick[L][b] ? 1 : 0;
      });
      proposals.forEach((proposal, c) => {
        let lq = 0;
        widths.forEach((k, L) => {
          for (let b = 0; b < k; b++) lq += Math.log(chain.bits[L][b] ? proposal[L][b] : 1 - proposal[L][b]);
        });
        logComponent[c] = lq;
      });
      refreshPredictors(state, chain);
      logW[s] = logJoint(state, data, i, chain) - (logSumExp(logComponent) - Math.log(chains));
    }
    let m = -Infinity;
    for (let s = 0; s < samples; s++) if (logW[s] > m) m = logW[s];
    let sum = 0;
    let sumSq = 0;
    for (let s = 0; s < samples; s++) {
      const w = Math.exp(logW[s] - m);
      sum += w;
      sumSq += w * w;
    }
    const mean = sum / samples;
    const variance = Math.max(0, (sumSq / samples - mean * mean) * (samples / (samples - 1)));
    logLik[i] = m + Math.log(mean);
    standardError[i] = Math.sqrt(variance / samples) / mean;
  }
  return { logLik, standardError };
}
