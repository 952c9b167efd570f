import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('vae');
});
afterAll(() => w.cleanup());

/** A CSV of `n` rows: a, b standard-ish (fixed LCG), c = a + b + small noise, then `extra` columns. */
function csv(n: number, extra: Record<string, (i: number) => string> = {}): string {
  let s = 2024;
  const u = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const names = Object.keys(extra);
  const rows = [['a', 'b', 'c', ...names].join(',')];
  for (let i = 0; i < n; i++) {
    const a = u() + u() + u() - 1.5;
    const b = u() + u() + u() - 1.5;
    rows.push(
      [a, b, a + b + 0.1 * (u() - 0.5)]
        .map((v) => v.toFixed(6))
        .concat(names.map((c) => extra[c](i)))
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

describe('latentkit fit vae/vae', () => {
  it('fits Gaussian data with a constant column: exit 0, one notice on stderr, a finite ELBO', async () => {
    const file = await w.file('constant.csv', csv(300, { k: () => '5' }));
    const out = await w.file('constant-model.json');
    const r = await run([
      'fit',
      'vae/vae',
      file,
      '--set',
      'likelihood=gaussian',
      '--set',
      'epochs=10',
      '--set',
      'latentDim=2',
      '--set',
      'hiddenUnits=16',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(linesOf(r.stderr).filter((l) => l.startsWith('latentkit:'))).toEqual([
      "latentkit: note: vae/vae: column 'k' is constant (spread below 1e-8 of the mean); standardised with scale 1, as scikit-learn's StandardScaler does",
    ]);
    const summary = JSON.parse(linesOf(r.stdout)[0]);
    // Before, the column's rounding residue became the likelihood's scale and the ELBO was about −9e24 nats per row.
    // Three columns of sd ≤ 0.9 and a constant one: a few nats per row (observed −4.98 after 10 epochs); −20 is about what
    // four columns modelled as N(0, 100²) would score, far below any trained model and far above −9e24.
    expect(Number.isFinite(summary.train.elbo)).toBe(true);
    expect(summary.train.elbo).toBeGreaterThan(-20);
    const saved = JSON.parse(await readFile(out, 'utf8'));
    expect(saved.state.input.scale[3]).toBe(1);
    // Scoring with the saved model applies the same transform: finite, no notice (nothing was fitted).
    const scored = await run(['score', out, file, '--json']);
    expect(scored.code).toBe(0);
    expect(linesOf(scored.stderr).filter((l) => l.startsWith('latentkit:'))).toEqual([]);
  });

  it('stops on the signal during the first epoch of a long fit: exit 130, --out untouched', { timeout: 120_000 }, async () => {
    // 40,000 rows in minibatches of 4: 10,000 steps per epoch, several seconds. The abort fires as soon as the VAE's
    // variables exist (training has started); the engine must notice it between minibatches, not after the epoch.
    const file = await w.file('long.csv', csv(40_000));
    const out = await w.file('long-model.json', 'KEEP');
    const baseline = tf.memory().numTensors;
    const controller = new AbortController();
    const timer = setInterval(() => {
      if (tf.memory().numTensors > baseline) controller.abort();
    }, 5);
    const r = await run(
      ['fit', 'vae/vae', file, '--set', 'likelihood=gaussian', '--set', 'epochs=1000', '--set', 'batchSize=4', '--set', 'hiddenUnits=16', '--out', out],
      { signal: controller.signal },
    );
    clearInterval(timer);
    expect(controller.signal.aborted).toBe(true);
    expect(r.code).toBe(130);
    expect(linesOf(r.stderr).filter((l) => l.startsWith('latentkit:'))).toEqual(['latentkit: cancelled; nothing was written']);
    // No epoch completed: progress lines (printed after an epoch that ends a second or more into the fit) never came.
    expect(r.stderr).not.toContain('iteration');
    expect(await readFile(out, 'utf8')).toBe('KEEP');
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
