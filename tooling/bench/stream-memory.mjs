// Streamed GMM fit: peak resident memory on 1M and 4M rows × 10 columns, and its log-likelihood against the
// in-memory fit of the 1M set from the same initial parameters (opt-in: `node tooling/bench/stream-memory.mjs`,
// after `pnpm build`). Each fit runs in its own process, which reports its peak resident set size
// (process.resourceUsage().maxRSS) and the objective of every EM iteration. The CSV files are written to
// os.tmpdir() and removed at the end (`--keep` keeps them). Options: --rows 1000000,4000000 --iters 3 --k 4.
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bareNodeMaxRssMB, runChild, writeCsvLines } from './stream-bench-common.mjs';

const D = 10;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const K = Number(arg('k', '4'));
const ITERS = Number(arg('iters', '3'));

/** The same K well-separated components for every N: means 6·(c, c+1, …) mod 5, unit covariances, equal weights. */
const meansOf = () => Array.from({ length: K }, (_, c) => Array.from({ length: D }, (_, j) => 6 * (((c + j) % 5) - 2)));
const start = () => ({
  warmStart: true,
  weightsInit: Array(K).fill(1 / K),
  meansInit: meansOf().map((m) => m.map((v) => v + 0.5)),
  covariancesInit: Array.from({ length: K }, () => Array.from({ length: D }, (_, a) => Array.from({ length: D }, (_, b) => (a === b ? 2 : 0)))),
});

async function writeData(path, n) {
  const { createRng } = await import('@latentkit/core');
  const rng = createRng(12345);
  const means = meansOf();
  const header = Array.from({ length: D }, (_, j) => `x${j + 1}`).join(',');
  await writeCsvLines(path, header, n, (i) => {
    const c = i % K;
    const row = new Array(D);
    for (let j = 0; j < D; j++) row[j] = (means[c][j] + rng.normal()).toFixed(5);
    return row.join(',');
  });
}

async function child(mode, path) {
  const [{ initBackend, loadDenseCsv, openDelimitedSource }, { createRegistry }, { em }, { gmm }] = await Promise.all([
    import('@latentkit/core'),
    import('@latentkit/registry'),
    import('@latentkit/inference'),
    import('@latentkit/models-mixture'),
  ]);
  await initBackend();
  const model = createRegistry()
    .register(gmm, em)
    .create('mixture/gmm', { nComponents: K, tol: 0, maxIter: ITERS, ...start() });
  const t0 = performance.now();
  const fitted =
    mode === 'stream' ? await model.fitStream(await openDelimitedSource(path), { seed: 0 }) : await model.fit(await loadDenseCsv(path), { seed: 0 });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({ mode, objectives: fitted.trace.map((e) => e.objective), seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

async function main() {
  const rows = arg('rows', '1000000,4000000').split(',').map(Number);
  const self = fileURLToPath(import.meta.url);
  const run = (mode, path) => runChild(self, ['--child', mode, path, '--k', String(K), '--iters', String(ITERS)]);
  const baseline = { maxRssMB: bareNodeMaxRssMB() };
  const results = [];
  for (const n of rows) {
    const path = join(tmpdir(), `latentkit-stream-${n}x${D}.csv`);
    if (!existsSync(path)) await writeData(path, n);
    const streamed = run('stream', path);
    results.push({ n, ...streamed });
    if (n === rows[0]) {
      const mem = run('memory', path);
      results.push({ n, ...mem });
      const a = mem.objectives.at(-1);
      const b = streamed.objectives.at(-1);
      results.push({ n, mode: 'check', relDiff: Math.abs(a - b) / Math.abs(a), identical: mem.objectives.every((v, i) => v === streamed.objectives[i]) });
    }
    if (!process.argv.includes('--keep')) rmSync(path, { force: true });
  }
  console.log(`bare node process: ${baseline.maxRssMB.toFixed(0)} MB; K=${K}, D=${D}, ${ITERS} EM iterations, warm start`);
  for (const r of results) console.log(JSON.stringify(r));
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
