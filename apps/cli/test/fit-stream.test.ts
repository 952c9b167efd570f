import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countBlockRows } from '../src/commands/fit-stream.js';
import { captureWriter } from '../src/io.js';
import { createStreamProgress, passLine } from '../src/progress.js';
import { linesOf, run, workDir } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('fit-stream');
});
afterAll(() => w.cleanup());

const modelFile = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

describe('latentkit fit --stream', () => {
  it('fits the train rows of a split file streamed, to the bit of the in-memory fit from the same sampled start', async () => {
    const common = ['--set', 'nComponents=2', '--set', 'initSample=1000', '--set', 'tol=0', '--set', 'maxIter=8', '--seed', '4'];
    const memOut = await w.file('mem.json');
    const streamOut = await w.file('stream.json');
    const mem = await run(['fit', 'mixture/gmm', w.faithful, ...common, '--out', memOut, '--json']);
    const streamed = await run(['fit', 'mixture/gmm', w.faithful, ...common, '--out', streamOut, '--stream', '--json']);
    expect(mem.code).toBe(0);
    expect(streamed.code).toBe(0);
    const out = JSON.parse(linesOf(streamed.stdout)[0]);
    expect([out.n, out.d, out.iterations, out.test]).toEqual([218, 2, 8, null]);
    const [a, b] = [await modelFile(memOut), await modelFile(streamOut)];
    expect(b.state).toEqual(a.state);
    expect(b.fit.trace).toEqual(a.fit.trace);
    expect(b.data).toEqual(a.data);
    expect(b.provenance.dataHash).toBe(a.provenance.dataHash);
    expect(out.train.objective).toBe(a.fit.trace.at(-1).objective);
  });

  it('fits factor/fa streamed from a gzip file', async () => {
    const { gzipSync } = await import('node:zlib');
    const text = await readFile(w.faithful);
    const gz = await w.file('faithful.csv.gz');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(gz, gzipSync(text));
    const r = await run(['fit', 'factor/fa', gz, '--set', 'nComponents=1', '--stream']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^factor\/fa fitted to .*faithful\.csv\.gz, streamed \(218 rows x 2 columns\)/);
  });

  it('fits vae/vae streamed, and resumes its checkpoint to the uninterrupted fit', async () => {
    const common = ['--set', 'latentDim=1', '--set', 'hiddenUnits=[4]', '--set', 'batchSize=16', '--set', 'epochs=3', '--seed', '3', '--stream'];
    const whole = await w.file('vae-whole.json');
    const r = await run(['fit', 'vae/vae', w.faithful, ...common, '--out', whole]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vae\/vae fitted to .*faithful\.csv, streamed \(218 rows x 2 columns\)/);
    const ckpt = await w.file('vae.ckpt.json');
    const first = await run(['fit', 'vae/vae', w.faithful, ...common, '--engine-set', 'maxIter=1', '--checkpoint', ckpt]);
    expect(first.code).toBe(0);
    const resumed = await w.file('vae-resumed.json');
    const again = await run(['fit', 'vae/vae', w.faithful, ...common, '--resume', ckpt, '--out', resumed]);
    expect(again.code).toBe(0);
    const [a, b] = [await modelFile(whole), await modelFile(resumed)];
    expect(b.state).toEqual(a.state);
    expect(b.fit.trace).toEqual(a.fit.trace);
    expect(a.fit.engineParams.shuffleBuffer).toBe(10);
  });

  it('fits topic/lda streamed from a Matrix Market file in blocks of fewer rows, to the bit of the in-memory fit', async () => {
    // 40 documents over 3,000 words: 8,192-row blocks would hold 24.6M cells, so the file is read in blocks of 80 rows.
    const lines = ['%%MatrixMarket matrix coordinate integer general'];
    const entries: string[] = [];
    for (let d = 1; d <= 40; d++) for (let j = 0; j < 30; j++) entries.push(`${d} ${((d * 97 + j * 101) % 3000) + 1} ${1 + ((d + j) % 4)}`);
    lines.push(`40 3000 ${entries.length}`, ...entries);
    const mtx = await w.file('docs.mtx');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(mtx, `${lines.join('\n')}\n`);
    const common = ['--set', 'nComponents=3', '--set', 'maxIter=3', '--seed', '2'];
    const memOut = await w.file('lda-mem.json');
    const streamOut = await w.file('lda-stream.json');
    const mem = await run(['fit', 'topic/lda', mtx, ...common, '--out', memOut, '--json']);
    const streamed = await run(['fit', 'topic/lda', mtx, ...common, '--out', streamOut, '--stream', '--json']);
    expect(mem.code).toBe(0);
    expect(streamed.code).toBe(0);
    expect(countBlockRows(3000)).toBe(80);
    const [a, b] = [await modelFile(memOut), await modelFile(streamOut)];
    expect(b.state).toEqual(a.state);
    expect(b.fit.trace).toEqual(a.fit.trace);
    expect(JSON.parse(linesOf(streamed.stdout)[0]).n).toBe(40);
  });

  it('says in one line why a model or an input cannot stream', async () => {
    const ppca = await run(['fit', 'factor/ppca', w.faithful, '--set', 'nComponents=1', '--set', 'method=em', '--stream']);
    expect(ppca.code).not.toBe(0);
    expect(linesOf(ppca.stderr).at(-1)).toContain(
      'factor/ppca cannot be fitted to streamed data (--stream): with these settings it has no streamed em terms; fit it in memory',
    );
    const test = await run(['fit', 'mixture/gmm', w.faithful, '--test', w.faithful, '--stream']);
    expect(test.stderr).toContain('--stream fits only: leave out --test');
    const bad = await w.file('bad.csv', 'a,b\n1,2\n3,x\n');
    const cell = await run(['fit', 'mixture/gmm', bad, '--stream']);
    expect(cell.stderr).toContain(`${bad}:3: column 'b' (2): expected a number, got "x"`);
    const huge = await w.file('huge.csv', 'a,b\n1,2\n3,4\n3e20,5\n');
    const big = await run(['fit', 'mixture/gmm', huge, '--stream']);
    expect(linesOf(big.stderr).at(-1)).toContain(`${huge}:4: column 'a' (1): 3e+20 is too large: its square overflows float32`);
  });
});

describe('streamed progress', () => {
  it('shows the pass number and rows per second, at most once per interval', () => {
    expect(passLine('m on f', 3, 1_234_567, 2)).toBe('m on f: pass 3, 1,234,567 rows, 617,284 rows/s');
    const stderr = captureWriter();
    let t = 0;
    const p = createStreamProgress({ label: 'm', stderr, now: () => t, intervalMs: 1000 });
    p.onRows(1, 8192);
    t = 500;
    p.onRows(1, 16384);
    t = 1500;
    p.onRows(1, 24576);
    t = 2600;
    p.onRows(2, 8192);
    expect(linesOf(stderr.text())).toEqual(['m: pass 1, 24,576 rows, 16,384 rows/s', 'm: pass 2, 8,192 rows, 0 rows/s']);
  });
});
