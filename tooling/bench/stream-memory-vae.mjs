// Streamed VAE fit: peak resident memory on N and 10·N rows (opt-in: `node tooling/bench/stream-memory-vae.mjs`, after
// `pnpm build`). Writes CSV files of N rows × D columns (a linear map of 4 latent Gaussians plus noise, 5 decimals) to
// os.tmpdir() and fits `vae/vae` (hidden [64], latentDim 4, batch 128, shuffle buffer 10 minibatches, `--epochs`
// epochs) in a fresh process per fit: streamed (`fitStream(openDelimitedSource(file))`) on every N, and in memory
// (`fit(loadDenseCsv(file))`) on the largest for contrast. Each process prints its peak resident set size
// (process.resourceUsage().maxRSS), its time and the rows per second of each epoch (the in-memory prepare of the rows
// counts in its first epoch). Options: --rows 20000,200000
// --cols 20 --epochs 1 --keep (keep the files) --no-memory (no in-memory fit).
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bareNodeMaxRssMB, runChild, writeCsvLines } from './stream-bench-common.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const D = Number(arg('cols', '20'));
const EPOCHS = Number(arg('epochs', '1'));
const LATENT = 4;

async function writeData(path, n) {
  const { createRng } = await import('@latentkit/core');
  const rng = createRng(2026);
  const map = Array.from({ length: LATENT * D }, () => rng.normal());
  const z = new Float64Array(LATENT);
  const header = Array.from({ length: D }, (_, j) => `x${j + 1}`).join(',');
  await writeCsvLines(path, header, n, () => {
    for (let k = 0; k < LATENT; k++) z[k] = rng.normal();
    const row = new Array(D);
    for (let j = 0; j < D; j++) {
      let v = 0.3 * rng.normal();
      for (let k = 0; k < LATENT; k++) v += map[k * D + j] * z[k];
      row[j] = v.toFixed(5);
    }
    return row.join(',');
  });
}

async function child(mode, path) {
  const [{ initBackend, loadDenseCsv, openDelimitedSource, observeRows }, { createRegistry }, { vi }, { vae }] = await Promise.all([
    import('@latentkit/core'),
    import('@latentkit/registry'),
    import('@latentkit/inference'),
    import('@latentkit/models-vae'),
  ]);
  await initBackend();
  const model = createRegistry()
    .register(vae, vi)
    .create('vae/vae', { latentDim: LATENT, hiddenUnits: [64], epochs: EPOCHS, batchSize: 128 });
  const t0 = performance.now();
  // The epochs' rates: from the end of the data's preparation (streamed: the third pass of column summaries; in
  // memory: the CSV read) to each epoch's onStep.
  let rows = 0;
  let ready = 0;
  const stepTimes = [];
  const onStep = () => void stepTimes.push(performance.now());
  let fitted;
  if (mode === 'stream') {
    const src = observeRows(await openDelimitedSource(path), ({ pass, rows: r }) => {
      if (pass === 3) [rows, ready] = [r, performance.now()];
    });
    fitted = await model.fitStream(src, { seed: 0, onStep });
  } else {
    const data = await loadDenseCsv(path);
    [rows, ready] = [data.nRows, performance.now()];
    fitted = await model.fit(data, { seed: 0, onStep });
  }
  const seconds = (performance.now() - t0) / 1000;
  const epochs = stepTimes.map((t, e) => rows / ((t - (e === 0 ? ready : stepTimes[e - 1])) / 1000));
  process.stdout.write(
    `${JSON.stringify({
      mode,
      elbo: fitted.trace.at(-1).objective,
      seconds,
      ...(epochs.length && { epochRowsPerSecond: epochs.map(Math.round) }),
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
}

async function main() {
  const rows = arg('rows', '20000,200000').split(',').map(Number);
  const self = fileURLToPath(import.meta.url);
  const run = (mode, path) => runChild(self, ['--child', mode, path, '--cols', String(D), '--epochs', String(EPOCHS)]);
  const baseline = { maxRssMB: bareNodeMaxRssMB() };
  const results = [];
  for (const n of rows) {
    const path = join(tmpdir(), `latentkit-vae-stream-${n}x${D}.csv`);
    if (!existsSync(path)) await writeData(path, n);
    results.push({ n, ...run('stream', path) });
    if (n === rows.at(-1) && !process.argv.includes('--no-memory')) results.push({ n, ...run('memory', path) });
    if (!process.argv.includes('--keep')) rmSync(path, { force: true });
  }
  console.log(`bare node process: ${baseline.maxRssMB.toFixed(0)} MB; vae/vae D=${D}, hidden [64], latent ${LATENT}, batch 128, ${EPOCHS} epoch(s)`);
  for (const r of results) console.log(JSON.stringify(r));
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
