// Streamed LDA: peak resident memory of `topic/lda` fitted with `fitStream` to the State of the Union corpus written
// to disk once and repeated 10 times (opt-in: `node tooling/bench/lda-stream-memory.mjs`, after `pnpm build`). The
// corpus (233 documents × 9,535 words) is written as a Matrix Market file sorted by row, R times over, to
// os.tmpdir(); each fit runs in its own process, which reports its peak resident set size
// (process.resourceUsage().maxRSS), the time and the per-word bound of every iteration. The files are removed at the
// end (`--keep` keeps them). Options: --repeats 1,10 --iters 2 --k 20 --method batch|online --cells 262144.
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const K = Number(arg('k', '20'));
const ITERS = Number(arg('iters', '2'));
const METHOD = arg('method', 'batch');
/** Rows per block as `latentkit fit --stream` reads a count matrix: at most 2^18 cells (`--cells`), a multiple of 16 rows. */
const CELLS = Number(arg('cells', String(1 << 18)));
const blockRowsFor = (nCols) => Math.max(16, Math.floor(CELLS / nCols / 16) * 16);

async function writeCorpus(path, repeats) {
  const { loadSotuCounts } = await import('@latentkit/datasets');
  const c = await loadSotuCounts();
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write(`%%MatrixMarket matrix coordinate integer general\n${c.nRows * repeats} ${c.nCols} ${c.data.length * repeats}\n`);
  for (let r = 0; r < repeats; r++) {
    let buf = '';
    for (let d = 0; d < c.nRows; d++) {
      for (let q = c.indptr[d]; q < c.indptr[d + 1]; q++) buf += `${r * c.nRows + d + 1} ${c.indices[q] + 1} ${c.data[q]}\n`;
      if (buf.length > 1 << 20) {
        await write(buf);
        buf = '';
      }
    }
    await write(buf);
  }
  await new Promise((r) => out.end(r));
}

async function child(path) {
  const [{ openMatrixMarketSource }, { createRegistry }, { cavi, onlineVi }, { lda }] = await Promise.all([
    import('@latentkit/core'),
    import('@latentkit/registry'),
    import('@latentkit/inference'),
    import('@latentkit/models-topic'),
  ]);
  const probe = await openMatrixMarketSource(path);
  const source = await openMatrixMarketSource(path, { blockRows: blockRowsFor(probe.nCols) });
  const model = createRegistry().register(lda, cavi, onlineVi).create('topic/lda', { nComponents: K, maxIter: ITERS, learningMethod: METHOD });
  const t0 = performance.now();
  const fitted = await model.fitStream(source, { seed: 0 });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({ docs: source.nRows, blockRows: source.blockRows, peakRowsHeld: source.counters.peakRowsHeld, objectives: fitted.trace.map((e) => e.objective), seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

async function main() {
  const repeats = arg('repeats', '1,10').split(',').map(Number);
  const self = fileURLToPath(import.meta.url);
  const baseline = JSON.parse(
    execFileSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 }))'], { encoding: 'utf8' }),
  );
  const results = [];
  for (const r of repeats) {
    const path = join(tmpdir(), `latentkit-sotu-x${r}.mtx`);
    if (!existsSync(path)) await writeCorpus(path, r);
    const out = execFileSync(
      process.execPath,
      [self, '--child', path, '--k', String(K), '--iters', String(ITERS), '--method', METHOD, '--cells', String(CELLS)],
      {
        encoding: 'utf8',
      },
    );
    results.push({ repeats: r, fileMB: Math.round(statSync(path).size / 1e6), ...JSON.parse(out.trim().split('\n').at(-1)) });
    if (!process.argv.includes('--keep')) rmSync(path, { force: true });
  }
  console.log(`bare node process: ${baseline.maxRssMB.toFixed(0)} MB; topic/lda ${METHOD}, K=${K}, ${ITERS} iterations, streamed`);
  for (const r of results) console.log(JSON.stringify(r));
  if (results.length > 1)
    console.log(`peak RSS ${results.at(-1).repeats}x / ${results[0].repeats}x: ${(results.at(-1).maxRssMB / results[0].maxRssMB).toFixed(3)}`);
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else await main();
