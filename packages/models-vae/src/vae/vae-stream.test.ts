import { createRng, initBackend, loadDenseCsv, openDelimitedSource, type DenseDataset } from '@latentkit/core';
import { vi } from '@latentkit/inference';
import { createRegistry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { betaTcvae } from '../beta-tcvae/beta-tcvae.js';
import { cvae } from '../contrastive/cvae.js';
import { discreteVae } from '../discrete/discrete-vae.js';
import { hierarchicalVae } from '../hierarchical/hierarchical-vae.js';
import { sparseVae } from '../sparse-vae/sparse-vae.js';
import { vsc } from '../vsc/vsc.js';
import type { FittedVae } from '../common/vae-fitted.js';
import { vae } from './vae.js';

const dir = mkdtempSync(join(tmpdir(), 'latentkit-vae-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 700 rows of 4 correlated columns and a constant one (its notice must survive streaming).
const n = 700;
const rng = createRng(11);
const lines = ['a,b,c,d,k'];
for (let i = 0; i < n; i++) {
  const z = rng.normal();
  const row = [z + 0.3 * rng.normal(), 2 - z + 0.3 * rng.normal(), 0.5 * z + rng.normal(), rng.normal(), 7];
  lines.push(row.map((v) => v.toPrecision(6)).join(','));
}
const path = join(dir, 'rows.csv');
writeFileSync(path, `${lines.join('\n')}\n`);

const registry = createRegistry().register(vae, cvae, betaTcvae, discreteVae, hierarchicalVae, sparseVae, vsc, vi);
const params = { latentDim: 2, hiddenUnits: [8], epochs: 4, batchSize: 32 };
const stateOf = (f: FittedVae) => (f.toJSON() as { state: unknown }).state;
// A buffer of 25 minibatches (800 rows) holds the whole file.
const whole = { engineParams: { shuffleBuffer: 25 } };

describe('vae/vae streamed (minibatches through a seeded shuffle buffer)', () => {
  let data: DenseDataset;
  beforeAll(async () => {
    await initBackend();
    data = await loadDenseCsv(path);
  });

  it('with a shuffle buffer of every row is the in-memory fit, bit for bit, reading the file 3 + epochs times', async () => {
    const memory = (await registry.create('vae/vae', params).fit(data, { seed: 5, ...whole })) as unknown as FittedVae;
    const src = await openDelimitedSource(path, { blockRows: 100, chunkBytes: 4096 });
    const streamed = (await registry.create('vae/vae', params).fitStream(src, { seed: 5, ...whole })) as unknown as FittedVae;
    expect(streamed.info.trace.map((e) => e.objective)).toEqual(memory.info.trace.map((e) => e.objective));
    expect(stateOf(streamed)).toEqual(stateOf(memory));
    expect(streamed.info.notices).toEqual(memory.info.notices);
    expect(streamed.info.notices?.join('\n')).toContain("column 'k' is constant");
    expect(streamed.info.provenance?.dataHash).toBe(memory.info.provenance?.dataHash);
    expect(streamed.info.engineParams?.shuffleBuffer).toBe(25);
    // Three passes of column summaries (sums, corrections, squares), one per epoch, one for the data hash; never the
    // whole file at once.
    expect(src.counters.passes).toBe(3 + params.epochs + 1);
    expect(src.counters.peakRowsHeld).toBeLessThan(n / 2);
    memory.dispose();
    streamed.dispose();
  });

  it('with the default buffer (10 minibatches) shuffles approximately: the same seed gives the same fit, another seed another', async () => {
    const fit = async (seed: number) =>
      (await registry.create('vae/vae', params).fitStream(await openDelimitedSource(path, { blockRows: 64 }), { seed })) as unknown as FittedVae;
    const tensors = tf.memory().numTensors;
    const [a, b, c] = [await fit(5), await fit(5), await fit(6)];
    expect(a.info.engineParams?.shuffleBuffer).toBe(10);
    expect(stateOf(b)).toEqual(stateOf(a));
    expect(stateOf(c)).not.toEqual(stateOf(a));
    const memory = (await registry.create('vae/vae', params).fit(data, { seed: 5 })) as unknown as FittedVae;
    expect(stateOf(a)).not.toEqual(stateOf(memory));
    // It is still a fit: the ELBO rose over the epochs.
    const trace = a.info.trace.map((e) => e.objective);
    expect(trace.at(-1)!).toBeGreaterThan(trace[0]);
    for (const f of [a, b, c, memory]) f.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('writes a checkpoint of a streamed fit and resumes from it to the uninterrupted fit, bit for bit', async () => {
    const open = () => openDelimitedSource(path, { blockRows: 128 });
    const uninterrupted = (await registry.create('vae/vae', params).fitStream(await open(), { seed: 2 })) as unknown as FittedVae;
    const ckpt = join(dir, 'vae.ckpt.json');
    const first = (await registry
      .create('vae/vae', params)
      .fitStream(await open(), { seed: 2, maxIter: 2, checkpoint: { path: ckpt } })) as unknown as FittedVae;
    expect(first.info.iterations).toBe(2);
    const resumed = (await registry.create('vae/vae', params).fitStream(await open(), { seed: 2, resumeFrom: ckpt })) as unknown as FittedVae;
    expect(resumed.info.trace.map((e) => e.objective)).toEqual(uninterrupted.info.trace.map((e) => e.objective));
    expect(stateOf(resumed)).toEqual(stateOf(uninterrupted));
    // Another shuffle buffer is another fit: the checkpoint refuses it in one line.
    await expect(registry.create('vae/vae', params).fitStream(await open(), { seed: 2, resumeFrom: ckpt, engineParams: { shuffleBuffer: 3 } })).rejects.toThrow(
      /shuffleBuffer/,
    );
    for (const f of [uninterrupted, first, resumed]) f.dispose();
  });

  it("prepares a streamed minibatch against the file's summaries, with the number of training rows for the loss", async () => {
    const terms = registry.create('vae/vae', params).plugin.create({ ...vae.defaults, ...params }).terms.vi!;
    const summary = await terms.stream!.prepare(await openDelimitedSource(path, { blockRows: 50 }));
    const memory = terms.prepare(data);
    expect([terms.nRows(summary), summary.info.mean, summary.info.sd, summary.input]).toEqual([n, memory.info.mean, memory.info.sd, memory.input]);
    const rows = { values: data.values.subarray(0, 3 * data.nCols), nRows: 3 };
    const batch = terms.stream!.batch(summary, rows);
    expect([batch.n, batch.nTrain, batch.x, batch.xEnc]).toEqual([3, n, memory.x.subarray(0, 15), memory.xEnc!.subarray(0, 15)]);
  });

  // Every family but the contrastive one streams; those whose loss reads the number of training rows (β-TCVAE's
  // minibatch-weighted sampling, the Sparse VAE's prior) get N, not the minibatch's size.
  it.each(['vae/beta-tcvae', 'vae/discrete-vae', 'vae/hierarchical-vae', 'vae/sparse-vae', 'vae/vsc'])(
    '%s streamed with a buffer of every row is its in-memory fit',
    async (key) => {
      const small = { epochs: 2, batchSize: 100 };
      const memory = (await registry.create(key, small).fit(data, { seed: 1, engineParams: { shuffleBuffer: 7 } })) as unknown as FittedVae;
      const src = await openDelimitedSource(path, { blockRows: 300 });
      const streamed = (await registry.create(key, small).fitStream(src, { seed: 1, engineParams: { shuffleBuffer: 7 } })) as unknown as FittedVae;
      expect(streamed.info.trace.map((e) => e.objective)).toEqual(memory.info.trace.map((e) => e.objective));
      expect(stateOf(streamed)).toEqual(stateOf(memory));
      memory.dispose();
      streamed.dispose();
    },
  );

  it('names the row and line of a value the likelihood refuses, and refuses what it does not stream in one line', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, ['a,b', ...Array.from({ length: 300 }, (_, i) => (i === 250 ? '1,2' : `${i % 2},1`))].join('\n'));
    await expect(
      registry.create('vae/vae', { ...params, likelihood: 'bernoulli' }).fitStream(await openDelimitedSource(bad, { blockRows: 100 }), { seed: 0 }),
    ).rejects.toThrow("vae/vae with likelihood 'bernoulli' needs values in [0, 1], but row 251 (line 252), column 'b' of");
    await expect(
      registry.create('vae/vae', params).fitStream(await openDelimitedSource(path), { seed: 0, engineParams: { validationFraction: 0.2 } }),
    ).rejects.toThrow('inference/vi: validationFraction 0.2 holds rows out for early stopping, which a streamed fit does not do; set it to 0');
    await expect(registry.create('contrastive/cvae', {}).fitStream(await openDelimitedSource(path), { seed: 0 })).rejects.toThrow(
      'contrastive/cvae cannot be fitted to streamed data (--stream)',
    );
  });
});
