import { initBackend, splitRows } from '@latentkit/core';
import { sparseVaeSim } from '@latentkit/datasets';
import { vi } from '@latentkit/inference';
import { mcc } from '@latentkit/metrics';
import { createRegistry } from '@latentkit/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { betaVae, vae } from '../vae/vae.js';
import { sparseVae } from './sparse-vae.js';

// The Sparse VAE's headline claim (Moran et al. 2022, simulation 1; ALGORITHMS.md §9.1) in the suite, CI-sized: the
// design of `tooling/experiments/sparse-vae-study.mjs` (N = 1000, G = 7, K = 5, hidden [50, 50], batch 100, Adam
// 0.01, 200 epochs, KL warm-up 50 epochs, 800 train / 200 test rows) at its hardest correlation, ρ = 0.8, seeds 1–3,
// under the reference code's weighting (the default; baselines VAE β = 1/K and β-VAE β = 2/K, as the study explains).
// The full study (5 correlations × 5 seeds, 48 minutes) stays an opt-in script; its numbers are in
// tooling/experiments/README.md.
//
// Observed here (wasm backend), per seed: held-out MSE 0.183 / 0.193 / 0.164 (Sparse VAE) against 0.210 / 0.223 /
// 0.168 (VAE); MCC 0.955 / 0.868 / 0.902 against 0.719 / 0.713 / 0.687 (VAE) and 0.661 / 0.696 / 0.693 (β-VAE).
// The bars: the mean held-out MSE below the VAE's (the paper's claim; the margin, 0.02, is about one seed standard
// error, so only the mean is held), and the MCC above both baselines in every seed and by at least 0.1 on the mean
// (observed margin 0.20; seed standard errors 0.01–0.03). The fits are seeded, so the test is deterministic.

const K = 5;
const SEEDS = [1, 2, 3];
const RHO = 0.8;
const common = { latentDim: K, hiddenUnits: [50, 50], batchSize: 100, learningRate: 0.01, epochs: 200, klWarmupEpochs: 50 };
const MODELS = {
  sparse: { key: 'vae/sparse-vae', params: { objectiveScaling: 'reference-code' } },
  vae: { key: 'vae/vae', params: { beta: 1 / K } },
  betaVae: { key: 'vae/beta-vae', params: { beta: 2 / K } },
} as const;
type Name = keyof typeof MODELS;

beforeAll(async () => {
  await initBackend();
});

describe('Sparse VAE headline (ρ = 0.8, seeds 1–3, reference weighting)', () => {
  it('has a lower mean held-out MSE than the VAE and a higher MCC than the VAE and the β-VAE in every seed', async () => {
    const registry = createRegistry().register(vi, sparseVae, vae, betaVae);
    const results: Record<Name, { mse: number; mcc: number }[]> = { sparse: [], vae: [], betaVae: [] };
    for (const seed of SEEDS) {
      const { data, truth } = sparseVaeSim({ n: 1000, rho: RHO, seed });
      const train = splitRows(data, 'train');
      const test = splitRows(data, 'test');
      const truthZ = { nRows: data.nRows, nCols: 2, values: truth.z, columns: ['z1', 'z2'] };
      for (const name of Object.keys(MODELS) as Name[]) {
        const m = MODELS[name];
        const fitted = await registry.create(m.key, { ...common, ...m.params }).fit(train, { seed });
        try {
          const mse = fitted.scores(test).mse;
          const value = mcc(truthZ, fitted.transform(data), { method: 'pearson' }).value;
          results[name].push({ mse, mcc: value });
        } finally {
          fitted.dispose();
        }
      }
    }
    const mean = (name: Name, k: 'mse' | 'mcc') => results[name].reduce((s, r) => s + r[k], 0) / SEEDS.length;
    const summary = JSON.stringify(results);
    expect(mean('sparse', 'mse'), summary).toBeLessThan(mean('vae', 'mse'));
    SEEDS.forEach((_, i) => {
      expect(results.sparse[i].mcc, summary).toBeGreaterThan(results.vae[i].mcc);
      expect(results.sparse[i].mcc, summary).toBeGreaterThan(results.betaVae[i].mcc);
    });
    expect(mean('sparse', 'mcc') - Math.max(mean('vae', 'mcc'), mean('betaVae', 'mcc')), summary).toBeGreaterThan(0.1);
  }, 600_000);
});
