import { createRng, initBackend, type DenseDataset } from '@latentkit/core';
import { vi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hierarchicalVae } from '../hierarchical/hierarchical-vae.js';
import { vae } from '../vae/vae.js';
import { LOG_SCALE } from './likelihood.js';
import { constantColumnsNotice, dataInfo } from './vae-data.js';
import type { FittedVae } from './vae-fitted.js';

/** 200 rows: x1, x2 standard normal, x3 = x1 + x2 + 0.1·noise, then the extra columns `extra(i)`. */
function withColumns(extra: Record<string, (i: number) => number>): DenseDataset {
  const rng = createRng(4);
  const names = Object.keys(extra);
  const d = 3 + names.length;
  const n = 200;
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    values.set([a, b, a + b + 0.1 * rng.normal(), ...names.map((c) => extra[c](i))], i * d);
  }
  return { kind: 'dense', nRows: n, nCols: d, values, columns: ['x1', 'x2', 'x3', ...names], source: 'table.csv' };
}

const small = { latentDim: 2, hiddenUnits: [16], epochs: 20, batchSize: 32, likelihood: 'gaussian' } as const;

beforeAll(async () => {
  await initBackend();
});

describe('constant columns of Gaussian data', () => {
  it('are found exactly (spread 0 or at most 1e-8 of the mean) and get scale 1; others keep their spread', () => {
    // 1e4 + 1e-5·(i mod 2): spread 5e-6 = 5e-10 of the mean; 1 + 1e-7·(i mod 2): 5e-8 of the mean, not constant.
    const ds = withColumns({ k: () => 5, near: (i) => 1e4 + 1e-5 * (i % 2), small: (i) => 1 + 1e-7 * (i % 2), zero: () => 0 });
    const info = dataInfo(ds);
    expect(info.constant).toEqual([3, 4, 6]);
    expect([info.sd[3], info.sd[4], info.sd[6]]).toEqual([1, 1, 1]);
    expect([info.mean[3], info.mean[6]]).toEqual([5, 0]);
    // Population sd of a two-valued column with equal counts is half the gap; 1 + 1e-7 is stored to ±1.1e-16,
    // so the gap is 1e-7 to ~2e-9 relative.
    expect(Math.abs(info.sd[5] - 5e-8) / 5e-8).toBeLessThan(1e-8);
    expect(constantColumnsNotice('vae/vae', info)).toBe(
      "vae/vae: columns 'k', 'near', 'zero' are constant (spread below 1e-8 of the mean); standardised with scale 1, as scikit-learn's StandardScaler does",
    );
    expect(constantColumnsNotice('vae/vae', dataInfo(withColumns({})))).toBeUndefined();
  });

  it('fit to a finite ELBO close to that of the data without them, with one notice naming the column', async () => {
    const registry = createRegistry().register(vae, hierarchicalVae, vi);
    const plain = withColumns({});
    const ds = withColumns({ k: () => 5 });
    const before = tf.memory().numTensors;
    const a = (await registry.create('vae/vae', small).fit(plain, { seed: 0 })) as unknown as FittedVae;
    const b = (await registry.create('vae/vae', small).fit(ds, { seed: 0 })) as unknown as FittedVae;
    // Before the fix, the column's rounding residue (sd ≈ 1e-15) became the likelihood's initial scale: ELBO ≈ −9e24.
    const elboA = a.score(plain);
    const elboB = b.score(ds);
    expect(Number.isFinite(elboB)).toBe(true);
    // The constant column adds log N(5 | μ_j, σ_j²) per row; σ_j starts at 1 and only shrinks as the decoder's μ_j
    // approaches 5, so that term is at least about −½ log 2π − ½ ≈ −1.42 nats; the rest of the model is trained on
    // the same three columns. Observed: elboB − elboA = −0.77 nats after 20 epochs.
    expect(elboB - elboA).toBeGreaterThan(-1.5);
    expect(elboB - elboA).toBeLessThan(5);
    const logScale = b.state.weights[LOG_SCALE].dataSync();
    expect(logScale[3]).toBeLessThan(0);
    expect(b.notices).toEqual([
      "vae/vae: column 'k' is constant (spread below 1e-8 of the mean); standardised with scale 1, as scikit-learn's StandardScaler does",
    ]);
    expect(a.notices).toEqual([]);
    // The saved input transform keeps scale 1, so scoring new data with the constant value stays finite.
    expect(Array.from(b.state.input.scale!)[3]).toBe(1);
    // The other Gaussian families share the data preparation.
    const h = (await registry.create('vae/hierarchical-vae', { ...small, latentDim: 2 }).fit(ds, { seed: 0 })) as unknown as FittedVae;
    expect(Number.isFinite(h.score(ds))).toBe(true);
    expect(h.notices).toHaveLength(1);
    for (const f of [a, b, h]) f.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
