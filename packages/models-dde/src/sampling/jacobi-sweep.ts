import { sigmoid, type Rng } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import type { DdeState } from '../dde-state.js';
import type { DdeStatsBuilder } from '../stats/dde-stats.js';
import { copyLatents, type DdeChain } from './dde-chain.js';
import { loadRow, logOdds, rowScratch } from './row-conditionals.js';
import { samplerModel } from './sampler-model.js';

/**
 * The reference code's synchronous ("Jacobi") simulation step (ALGORITHMS.md §2.4 step 1, §2.9 item 2): every
 * coordinate's full-conditional probability is computed from the *previous* draw Â, then all coordinates are drawn
 * independently; C = `samples` draws from the same Â, each added to `builder` with weight 1/C, and the chain
 * continues from the majority Â ← 1{mean_c A^(c) > 0.5} (§2.4 step 5).
 *
 * This kernel does not leave the posterior invariant when the latents of a row are dependent (which they are, given
 * X, whenever two latents share a child or a latent has a parent); it is kept to reproduce the reference. Use
 * {@link gibbsSweep}.
 * @returns the new chain (the input chain is not modified).
 */
export function jacobiSweep(state: DdeState, chain: DdeChain, data: DdeData, rng: Rng, samples = 1, builder?: DdeStatsBuilder): DdeChain {
  const model = samplerModel(state, data);
  const latents = copyLatents(chain);
  const s = rowScratch(model);
  const D = model.widths.length;
  const probs = model.widths.map((k) => new Float64Array(k));
  const counts = model.widths.map((k) => new Int32Array(k));
  const w = 1 / samples;
  for (let i = 0; i < data.nRows; i++) {
    loadRow(model, chain.latents, i, s);
    for (let d = 0; d < D; d++) {
      counts[d].fill(0);
      for (let k = 0; k < model.widths[d]; k++) probs[d][k] = sigmoid(logOdds(model, data, i, d, k, s));
    }
    for (let c = 0; c < samples; c++) {
      for (let d = 0; d < D; d++)
        for (let k = 0; k < model.widths[d]; k++) {
          const v = rng.uniform() < probs[d][k] ? 1 : 0;
          s.latents[d][k] = v;
          counts[d][k] += v;
        }
      builder?.add(i, s.latents, w);
    }
    for (let d = 0; d < D; d++) {
      const K = model.widths[d];
      for (let k = 0; k < K; k++) latents[d][i * K + k] = counts[d][k] * 2 > samples ? 1 : 0;
    }
  }
  return { latents };
}
