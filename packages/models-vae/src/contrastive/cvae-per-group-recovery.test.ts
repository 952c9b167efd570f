import { initBackend } from '@latentkit/core';
import { vi } from '@latentkit/inference';
import { blockR2 } from '@latentkit/metrics';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastiveData } from '../test-support/contrastive-data.js';
import { cvae } from './cvae.js';

beforeAll(async () => {
  await initBackend();
});

/** Columns `from..from+width` of the rows `rows` of a row-major matrix with `nCols` columns, as rows of numbers. */
const block = (values: ArrayLike<number>, nCols: number, rows: readonly number[], from: number, width: number): number[][] =>
  rows.map((i) => Array.from({ length: width }, (_, a) => values[i * nCols + from + a]));

describe("contrastive/cvae with salientBlocks 'per-group' on three groups (background + two targets with their own salient factors)", () => {
  it("recovers each target group's salient factors from its own block, better than chance, the other group's block and the shared block", async () => {
    const dt = 2;
    const { data, truth } = contrastiveData({ nBackground: 300, nTarget: 300, targetGroups: 2, dz: 2, dt, dx: 10, hidden: 32, noise: 0.1, seed: 5 });
    const registry = createRegistry().register(cvae, vi);
    const before = tf.memory().numTensors;
    const fitted = await registry
      .create('contrastive/cvae', {
        sharedDim: 2,
        salientDim: dt,
        salientBlocks: 'per-group',
        hiddenUnits: [32],
        epochs: 50,
        batchSize: 64,
        learningRate: 3e-3,
      })
      .fit(data, { seed: 0 });
    const latent = fitted.transform(data);
    fitted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(latent.columns).toEqual(['shared1', 'shared2', 'salient_target1_1', 'salient_target1_2', 'salient_target2_1', 'salient_target2_2']);
    const r2 = [1, 2].map((g) => {
      const rows = Array.from({ length: data.nRows }, (_, i) => i).filter((i) => truth.group[i] === g);
      const t = block(truth.t, 2 * dt, rows, (g - 1) * dt, dt);
      const own = blockR2(t, block(latent.values, 6, rows, 2 + (g - 1) * dt, dt)).value;
      const other = blockR2(t, block(latent.values, 6, rows, 2 + (2 - g) * dt, dt)).value;
      const ownBlock = block(latent.values, 6, rows, 2 + (g - 1) * dt, dt);
      const chance = blockR2(
        t,
        ownBlock.map((_, k) => ownBlock[(k * 7 + 3) % ownBlock.length]),
      ).value;
      const shared = blockR2(t, block(latent.values, 6, rows, 0, 2)).value;
      return { own, other, chance, shared };
    });
    // Observed (wasm, Node 20, this seed, 50 epochs, ~13 s): own block R² 0.54 / 0.56, the other group's block on
    // these rows 0.30 / 0.30, chance (own block with its rows permuted) −0.14 / −0.21, shared block 0.04 / 0.08.
    // Bounds leave about 0.1 of margin. Block R² is modest on 300 rows per group (kernel ridge on 200 train / 100
    // test rows), as for the two-group test of cvae-recovery.test.ts; the point is the ordering own ≫ other, chance.
    for (const { own, other, chance, shared } of r2) {
      expect(own).toBeGreaterThan(0.42);
      expect(own).toBeGreaterThan(chance + 0.5);
      expect(own).toBeGreaterThan(other + 0.12);
      expect(shared).toBeLessThan(0.2);
    }
  }, 60_000);
});
