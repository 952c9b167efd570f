import { log1pexp } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import { BERNOULLI, NORMAL, type SamplerModel } from './sampler-model.js';

/**
 * Per-row scratch of the samplers: the row's latents per layer and the cached linear predictors η of every layer's
 * children (η^(1)_j of the observed columns, η^(d+1)_k of the latents of layer d), allocated once per sweep.
 */
export interface RowScratch {
  readonly latents: Uint8Array[];
  /** eta[d][c]: the linear predictor of child c of layer d + 1 given the row's A^(d+1). */
  readonly eta: Float64Array[];
}

export const rowScratch = (model: SamplerModel): RowScratch => ({
  latents: model.widths.map((k) => new Uint8Array(k)),
  eta: model.nChildren.map((n) => new Float64Array(n)),
});

/** Load row i's latents from the chain into the scratch and compute every cached η from them. */
export function loadRow(model: SamplerModel, chain: readonly Uint8Array[], i: number, s: RowScratch): void {
  for (let d = 0; d < model.widths.length; d++) {
    const K = model.widths[d];
    const a = s.latents[d];
    for (let k = 0; k < K; k++) a[k] = chain[d][i * K + k];
  }
  for (let d = 0; d < model.widths.length; d++) recomputeEta(model, d, s);
}

/** η of the children of layer d + 1 from the scratch's A^(d+1): intercept + Σ_{k: a_k = 1} β_ck. */
export function recomputeEta(model: SamplerModel, d: number, s: RowScratch): void {
  const eta = s.eta[d];
  eta.set(model.intercepts[d]);
  const a = s.latents[d];
  const start = model.start[d];
  const child = model.child[d];
  const slope = model.slope[d];
  for (let k = 0; k < a.length; k++) if (a[k] === 1) for (let e = start[k]; e < start[k + 1]; e++) eta[child[e]] += slope[e];
}

/** Store the scratch's latents as row i of the chain. */
export function storeRow(model: SamplerModel, chain: Uint8Array[], i: number, s: RowScratch): void {
  for (let d = 0; d < model.widths.length; d++) chain[d].set(s.latents[d], i * model.widths[d]);
}

/**
 * log(1 + e^{η0 + β}) − log(1 + e^{η0}) given e^β: log[(1 + e^{η0}·e^β)/(1 + e^{η0})], one exp and one log;
 * the stable difference of softplus terms when η0 is large.
 */
function softplusStep(e0: number, b: number, eb: number): number {
  if (e0 > 300 || e0 + b > 300) return log1pexp(e0 + b) - log1pexp(e0);
  const E = Math.exp(e0);
  return Math.log((1 + E * eb) / (1 + E));
}

/**
 * The full-conditional log-odds of A^(d+1)_k of row i given the scratch's current values of every other latent:
 * the prior term (logit p_k at the top, else the parents' η^(d+2)_k) plus Σ over its children c of
 * ℓ(y_c | η_c with a_k = 1) − ℓ(y_c | η_c with a_k = 0) (ALGORITHMS.md §2.4): Bernoulli children
 * y·β − [log(1 + e^{η1}) − log(1 + e^{η0})], Poisson y·β − (e^{η1} − e^{η0}), Normal β·(2x − η0 − η1)/(2γ).
 */
export function logOdds(model: SamplerModel, data: DdeData, i: number, d: number, k: number, s: RowScratch): number {
  const D = model.widths.length;
  let z = d === D - 1 ? model.topLogit[k] : s.eta[d + 1][k];
  const a = s.latents[d][k];
  const eta = s.eta[d];
  const start = model.start[d];
  const child = model.child[d];
  const slope = model.slope[d];
  const expSlope = model.expSlope[d];
  if (d === 0) {
    const J = data.nCols;
    const x = data.values;
    for (let e = start[k]; e < start[k + 1]; e++) {
      const c = child[e];
      const b = slope[e];
      const e0 = a === 1 ? eta[c] - b : eta[c];
      const y = x[i * J + c];
      const f = model.family[c];
      if (f === BERNOULLI) z += y * b - softplusStep(e0, b, expSlope[e]);
      else if (f === NORMAL) z += 0.5 * b * (2 * y - 2 * e0 - b) * model.precision[c];
      else z += y * b - Math.exp(e0) * (expSlope[e] - 1);
    }
  } else {
    const y = s.latents[d - 1];
    for (let e = start[k]; e < start[k + 1]; e++) {
      const c = child[e];
      const b = slope[e];
      const e0 = a === 1 ? eta[c] - b : eta[c];
      z += y[c] * b - softplusStep(e0, b, expSlope[e]);
    }
  }
  return z;
}

/** Set A^(d+1)_k to `value` in the scratch, updating its children's cached η (O(children)). */
export function setLatent(model: SamplerModel, d: number, k: number, value: number, s: RowScratch): void {
  const a = s.latents[d];
  if (a[k] === value) return;
  a[k] = value;
  const sign = value === 1 ? 1 : -1;
  const eta = s.eta[d];
  const start = model.start[d];
  const child = model.child[d];
  const slope = model.slope[d];
  for (let e = start[k]; e < start[k + 1]; e++) eta[child[e]] += sign * slope[e];
}
