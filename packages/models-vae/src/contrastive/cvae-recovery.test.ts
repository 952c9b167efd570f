import { initBackend } from '@latentkit/core';
import { vi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastiveData } from '../test-support/contrastive-data.js';
import { cvae } from './cvae.js';

beforeAll(async () => {
  await initBackend();
});

/** Mean over the columns of y of the R² of a least-squares fit of y_j on [1, x, x²] (features squared for a mild nonlinearity). */
function r2(x: number[][], y: number[][]): number {
  const feats = x.map((r) => [1, ...r, ...r.map((v) => v * v)]);
  const p = feats[0].length;
  let total = 0;
  for (let j = 0; j < y[0].length; j++) {
    // Normal equations (XᵀX + 1e-8 I) β = Xᵀy by Gaussian elimination.
    const a = Array.from({ length: p }, (_, r) => [
      ...Array.from({ length: p }, (_, c) => feats.reduce((s, f) => s + f[r] * f[c], r === c ? 1e-8 : 0)),
      feats.reduce((s, f, i) => s + f[r] * y[i][j], 0),
    ]);
    for (let c = 0; c < p; c++) {
      for (let r = c + 1; r < p; r++) {
        const m = a[r][c] / a[c][c];
        for (let k = c; k <= p; k++) a[r][k] -= m * a[c][k];
      }
    }
    const beta = new Array<number>(p).fill(0);
    for (let r = p - 1; r >= 0; r--) beta[r] = (a[r][p] - a[r].slice(r + 1, p).reduce((s, v, k) => s + v * beta[r + 1 + k], 0)) / a[r][r];
    const fit = feats.map((f) => f.reduce((s, v, k) => s + v * beta[k], 0));
    const mean = y.reduce((s, r) => s + r[j], 0) / y.length;
    const res = y.reduce((s, r, i) => s + (r[j] - fit[i]) ** 2, 0);
    const tot = y.reduce((s, r) => s + (r[j] - mean) ** 2, 0);
    total += 1 - res / tot;
  }
  return total / y[0].length;
}

describe('contrastive/cvae recovers the blocks of contrastiveSim (right sizes)', () => {
  it('block R² of the true shared from ẑ and the true salient from t̂ on target rows is clearly above the leakage R²', async () => {
    const { data, truth } = contrastiveData({ nBackground: 600, nTarget: 600, dz: 2, dt: 2, dx: 10, hidden: 32, noise: 0.1, seed: 11 });
    const registry = createRegistry().register(cvae, vi);
    const before = tf.memory().numTensors;
    const fitted = await registry
      .create('contrastive/cvae', { sharedDim: 2, salientDim: 2, hiddenUnits: [32], epochs: 40, batchSize: 64, learningRate: 3e-3 })
      .fit(data, { seed: 0 });
    const latent = fitted.transform(data);
    fitted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const rows = Array.from({ length: data.nRows }, (_, i) => i).filter((i) => truth.group[i] === 1);
    const block = (v: ArrayLike<number>, width: number, off: number, dim: number) =>
      rows.map((i) => Array.from({ length: dim }, (_, a) => v[i * width + off + a]));
    const zHat = block(latent.values, 4, 0, 2);
    const tHat = block(latent.values, 4, 2, 2);
    const z = block(truth.z, 2, 0, 2);
    const t = block(truth.t, 2, 0, 2);
    const shared = r2(zHat, z);
    const salient = r2(tHat, t);
    const leakage = Math.max(r2(zHat, t), r2(tHat, z));
    // This 18 s fit (40 epochs) gives shared 0.55, salient 0.47, leakage 0.20 on this seed (wasm, Node 20); the bounds
    // leave a margin of about 0.07–0.1. These modest values are the data's, not a defect of the model: the PyTorch
    // reference (tooling/reference/cvae_reference.py) on these very rows, with the same sizes and training, gives
    // kernel-ridge block R² 0.51 / 0.58 and leakage 0.22 (ours 0.53 / 0.60 / 0.19 with that regressor), and 200
    // epochs change neither. A model that mixed the blocks would have its leakage near its block R².
    expect(shared).toBeGreaterThan(0.45);
    expect(salient).toBeGreaterThan(0.4);
    expect(Math.min(shared, salient)).toBeGreaterThan(leakage + 0.15);
  }, 60_000);
});
