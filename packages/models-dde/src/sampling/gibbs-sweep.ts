import { sigmoid, type Rng } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import type { DdeState } from '../dde-state.js';
import type { DdeStatsBuilder } from '../stats/dde-stats.js';
import { copyLatents, type DdeChain } from './dde-chain.js';
import { loadRow, logOdds, rowScratch, setLatent, storeRow } from './row-conditionals.js';
import { samplerModel } from './sampler-model.js';

/**
 * Systematic-scan Gibbs sampling of the latents given the parameters, `samples` (C) consecutive sweeps.
 *
 * One sweep of row i draws the top layer's coordinates in turn, then each layer down to layer 1, each coordinate
 * A^(d)_k from its full conditional given the current values of all the others (already updated ones included):
 * P(A^(d)_k = 1 | ·) = σ(prior log-odds + Σ_children [ℓ(child | a_k = 1) − ℓ(child | a_k = 0)]) (see `logOdds`).
 * Each coordinate update leaves the posterior p(A | X_i; θ) invariant, so the sweep does too. Rows are independent
 * given θ, so the C sweeps are run row by row. Each draw is added to `builder` with weight 1/C (the fresh
 * statistics are the mean over the C draws); the chain continues from the last draw.
 *
 * Cost per sweep: O(N·Σ_d nnz(G^(d))) with cached linear predictors; one flip costs O(children of the coordinate).
 * @returns the new chain (the input chain is not modified).
 */
export function gibbsSweep(state: DdeState, chain: DdeChain, data: DdeData, rng: Rng, samples = 1, builder?: DdeStatsBuilder): DdeChain {
  const model = samplerModel(state, data);
  const latents = copyLatents(chain);
  const s = rowScratch(model);
  const D = model.widths.length;
  const w = 1 / samples;
  for (let i = 0; i < data.nRows; i++) {
    loadRow(model, latents, i, s);
    for (let c = 0; c < samples; c++) {
      for (let d = D - 1; d >= 0; d--)
        for (let k = 0; k < model.widths[d]; k++) setLatent(model, d, k, rng.uniform() < sigmoid(logOdds(model, data, i, d, k, s)) ? 1 : 0, s);
      builder?.add(i, s.latents, w);
    }
    storeRow(model, latents, i, s);
  }
  return { latents };
}
