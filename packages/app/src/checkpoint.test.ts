import { createRng, initBackend, type CountDataset, type Dataset, type DenseDataset } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from './app-registry.js';
import { fitAndSave, FitCancelledError, type FitRequest } from './fit-service.js';

let dir: string;
let registry: Registry;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentkit-checkpoint-'));
  registry = await buildRegistry({ cwd: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Three clusters in 4 dimensions, 60 rows, from a seed. */
const dense = (seed = 1, n = 60): DenseDataset => {
  const rng = createRng(seed);
  const values = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) for (let j = 0; j < 4; j++) values[i * 4 + j] = 3 * ((i % 3) - 1) * (j % 2 ? 1 : -1) + rng.normal();
  return { kind: 'dense', nRows: n, nCols: 4, values, columns: ['a', 'b', 'c', 'd'], source: 'clusters.csv' };
};

/** {@link dense} with a group column: every other row is background. */
const grouped = (): DenseDataset => ({ ...dense(), groups: { name: 'condition', values: Array.from({ length: 60 }, (_, i) => (i % 2 ? 'bg' : 'treated')) } });

/** 30 documents over 12 words from three topics of 4 words each. */
const counts = (): CountDataset => {
  const rng = createRng(7);
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (let d = 0; d < 30; d++) {
    for (let w = 0; w < 12; w++) {
      const c = Math.floor(w / 4) === d % 3 ? 1 + rng.int(5) : rng.int(2);
      if (c > 0) {
        indices.push(w);
        data.push(c);
      }
    }
    indptr.push(indices.length);
  }
  return {
    kind: 'counts',
    nRows: 30,
    nCols: 12,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    data: Float64Array.from(data),
    vocabulary: Array.from({ length: 12 }, (_, j) => `w${j}`),
    source: 'docs.mtx',
  };
};

type Case = Omit<FitRequest, 'registry' | 'train'> & { readonly train: Dataset };

/** The saved model's state and trace: what must match bit for bit. */
async function fitted(c: Case, extra: Partial<FitRequest> = {}) {
  const { fitted: f } = await fitAndSave({ registry, ...c, ...extra });
  try {
    const json = f.toJSON() as { state: unknown; fit: { trace: unknown; iterations: number } };
    return { state: json.state, trace: json.fit.trace, iterations: json.fit.iterations };
  } finally {
    f.dispose();
  }
}

/** Run `stopAt` iterations (of all restarts) with a checkpoint after each, cancel, and return the checkpoint's path. */
async function interrupted(c: Case, stopAt: number, name: string): Promise<string> {
  const path = join(dir, `${name}.ckpt.json`);
  const controller = new AbortController();
  let steps = 0;
  await expect(
    fitAndSave({
      registry,
      ...c,
      checkpoint: { path, everyIterations: 1 },
      signal: controller.signal,
      onStep: () => {
        steps += 1;
        if (steps === stopAt) controller.abort();
      },
    }),
  ).rejects.toThrow(FitCancelledError);
  expect(existsSync(path)).toBe(true);
  return path;
}

const cases: Record<string, Case> = {
  'mixture/gmm by inference/em, two restarts (stopped in the second)': {
    key: 'mixture/gmm',
    params: { nComponents: 3, nInit: 2, initParams: 'random' },
    engineParams: { maxIter: 8, tol: 0 },
    train: dense(),
  },
  'topic/lda by inference/cavi (batch VB)': {
    key: 'topic/lda',
    params: { nComponents: 3 },
    engine: 'inference/cavi',
    engineParams: { maxIter: 6 },
    train: counts(),
  },
  'topic/lda by inference/online-vi': {
    key: 'topic/lda',
    params: { nComponents: 3, learningMethod: 'online', batchSize: 7 },
    engine: 'inference/online-vi',
    engineParams: { maxIter: 6, tol: 0 },
    train: counts(),
  },
  'vae/vae by inference/vi, with KL warm-up and early stopping on held-out rows': {
    key: 'vae/vae',
    params: { latentDim: 2, hiddenUnits: [8], batchSize: 16, klWarmupEpochs: 3 },
    engineParams: { maxIter: 7, validationFraction: 0.25, patience: 3 },
    train: dense(),
  },
  'contrastive/cvae by inference/vi, constrained (the dual multiplier carries over epochs)': {
    key: 'contrastive/cvae',
    params: { sharedDim: 1, salientDim: 1, hiddenUnits: [8], batchSize: 16, background: 'bg', training: 'constrained', regularizer: 'mmd' },
    engineParams: { maxIter: 5 },
    train: grouped(),
  },
  'contrastive/cvae by inference/vi, mgda': {
    key: 'contrastive/cvae',
    params: { sharedDim: 1, salientDim: 1, hiddenUnits: [8], batchSize: 16, background: 'bg', training: 'mgda' },
    engineParams: { maxIter: 4 },
    train: grouped(),
  },
  'vae/sparse-vae by inference/vi': {
    key: 'vae/sparse-vae',
    params: { latentDim: 2, hiddenUnits: [8], batchSize: 20 },
    engineParams: { maxIter: 5 },
    train: dense(),
  },
};

describe('checkpoints through fitAndSave', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: a run cancelled after a checkpoint and resumed equals the uninterrupted run bit for bit`, async () => {
      const before = tf.memory().numTensors;
      const full = await fitted(c);
      const maxIter = (c.engineParams as { maxIter: number }).maxIter;
      const stopAt = c.params && 'nInit' in c.params ? maxIter + 3 : 3;
      const path = await interrupted(c, stopAt, name.split(' ')[0].replace('/', '-'));
      const resumed = await fitted(c, { resumeFrom: path });
      expect(resumed.iterations).toBe(full.iterations);
      expect(resumed.trace).toEqual(full.trace);
      expect(resumed.state).toEqual(full.state);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('inference/em: a fit stopped by maxIter k with a checkpoint continues to maxIter n (the budget is not part of the identity)', async () => {
    const c: Case = { key: 'mixture/gmm', params: { nComponents: 2 }, engineParams: { tol: 0, maxIter: 9 }, train: dense(3) };
    const full = await fitted(c);
    const path = join(dir, 'em-budget.ckpt.json');
    await fitted({ ...c, engineParams: { tol: 0, maxIter: 4 } }, { checkpoint: { path, everyIterations: 2 } });
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      format: string;
      key: string;
      seed: number;
      dataHash: string;
      body: { loop: { iterations: number } };
    };
    expect(file).toMatchObject({ format: 'latentkit-checkpoint', key: 'mixture/gmm', seed: 0, body: { loop: { iterations: 4 } } });
    expect(file.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const resumed = await fitted(c, { resumeFrom: path });
    expect(resumed.trace).toEqual(full.trace);
    expect(resumed.state).toEqual(full.state);
  });

  it('refuses to resume on other data, other hyperparameters, engine parameters or seed, in one line naming what differs', async () => {
    const c: Case = { key: 'mixture/gmm', params: { nComponents: 2 }, engineParams: { tol: 0, maxIter: 3 }, train: dense(3) };
    const path = join(dir, 'identity.ckpt.json');
    await fitted(c, { checkpoint: { path } });
    const attempt = (o: Partial<Case>) => fitAndSave({ registry, ...c, ...o, resumeFrom: path });
    await expect(attempt({ train: dense(4) })).rejects.toThrow(
      new RegExp(`^cannot resume from ${path}: it was written for other data \\(sha256:[0-9a-f]{12}…, this data is sha256:[0-9a-f]{12}…\\)$`),
    );
    await expect(attempt({ params: { nComponents: 3 } })).rejects.toThrow(`cannot resume from ${path}: hyperparameter nComponents is 2 there and 3 here`);
    await expect(attempt({ engineParams: { tol: 0.5, maxIter: 3 } })).rejects.toThrow(
      `cannot resume from ${path}: engine parameter tol is 0 there and 0.5 here`,
    );
    await expect(attempt({ seed: 5 })).rejects.toThrow(`cannot resume from ${path}: seed is 0 there and 5 here`);
    await expect(attempt({ key: 'mixture/bayesian-gmm', engineParams: { maxIter: 3 } })).rejects.toThrow(
      `cannot resume from ${path}: it was written for the model mixture/gmm, not mixture/bayesian-gmm`,
    );
    const truncated = join(dir, 'truncated.ckpt.json');
    writeFileSync(truncated, readFileSync(path, 'utf8').slice(0, 100));
    await expect(fitAndSave({ registry, ...c, resumeFrom: truncated })).rejects.toThrow(new RegExp(`^cannot resume from ${truncated}: not JSON \\(`));
  });

  it('refuses checkpoints for an engine that does not write them', async () => {
    await expect(
      fitAndSave({
        registry,
        key: 'topic/lda',
        params: { nComponents: 2 },
        engine: 'inference/gibbs',
        train: counts(),
        checkpoint: { path: join(dir, 'g.json') },
      }),
    ).rejects.toThrow('inference/gibbs cannot write or resume checkpoints; fit without checkpoint and resumeFrom');
  });
});
