#!/usr/bin/env node
// Share of correct layer widths chosen by the spectral-gap selection of dde/dde (`selectLayerWidths`, 'simulation'
// preset, ε = 1e-4) on the K-selection design of ALGORITHMS.md §9.4 (`ddeSelectK`: D = 3, K = 18, 6, 2, J = 54,
// Normal, max 5, cross −2.5), the reference's `select_K.m` study. Prints a Markdown table: per N, the share of seeds
// with K̂_d = K_d for each layer, with all three right, and the chosen widths with their counts.
//
//   node tooling/experiments/dde-select-k.mjs [--n 1000,4000,16000] [--reps 20] [--seed 51] [--deeper MODE] [--truth]
//
// --n: sample sizes (comma-separated); --reps: seeds per size, from --seed (default 51, the reference's rng(50 + c));
// --deeper: the `deeperLatents` option of selectLayerWidths ('select-k', the reference's binary_init_K, or
//   'initialiser', the fitting initialiser's layer); left out, the preset's default;
// --truth: also report layer 2 chosen from the TRUE A^(1) (the same deeper rule fed the generating latents).
// Needs `pnpm build` (selectLayerWidths is internal to models-dde, so it is imported from its dist file).
import { workspaceImport } from './workspace-import.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('--n', '1000,4000,16000').split(',').map(Number);
const reps = Number(option('--reps', '20'));
const seed0 = Number(option('--seed', '51'));
const deeper = option('--deeper', undefined);
const truth = args.includes('--truth');

const { ddeSelectK } = await workspaceImport('@latentkit/datasets', 'models-dde');
const { prepareDdeData } = await workspaceImport('@latentkit/models-dde', 'models-dde');
const spectral = (file) => import(new URL(`../../packages/models-dde/dist/spectral/${file}`, import.meta.url).href);
const { selectLayerWidths, spectralGapChoice } = await spectral('select-widths.js');
const { doubleSvdTransform } = await spectral('double-svd.js');
const { rightSingularSystem } = await spectral('gram-svd.js');
const { latentInput } = await spectral('spectral-init.js');

const TRUE_K = [18, 6, 2];
const NORMAL = { likelihood: 'normal', likelihoods: null };
const pct = (x, n) => `${Math.round((100 * x) / n)}%`;

/** Layer 2 from the true A^(1): the deeper selection rule of select_K.m (grid 5 … 9, m = max(10, #σ > 1.01√N), centred). */
function layer2FromTruth(a1, n) {
  const { z } = doubleSvdTransform(latentInput(Uint8Array.from(a1), n, 18), 10, 1e-4, true);
  return spectralGapChoice(rightSingularSystem(z, n, 18).singularValues, [5, 6, 7, 8, 9]).chosen;
}

const rows = [];
for (const n of sizes) {
  const right = [0, 0, 0];
  let all = 0;
  let fromTruth = 0;
  const counts = new Map();
  const started = Date.now();
  for (let r = 0; r < reps; r++) {
    const seed = seed0 + r;
    const g = ddeSelectK({ n, seed });
    const data = prepareDdeData(g.data, NORMAL);
    const chosen = selectLayerWidths(data, 'simulation', 1e-4, deeper ? { deeperLatents: deeper } : undefined).map((s) => s.chosen);
    TRUE_K.forEach((k, d) => (right[d] += chosen[d] === k ? 1 : 0));
    if (chosen.length === 3 && chosen.every((k, d) => k === TRUE_K[d])) all++;
    const key = `[${chosen.join(', ')}]`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (truth) fromTruth += layer2FromTruth(g.truth.latents[0], n) === 6 ? 1 : 0;
  }
  const seconds = (Date.now() - started) / 1000;
  const widths = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ×${c}`);
  rows.push([n, reps, ...right.map((x) => pct(x, reps)), pct(all, reps), ...(truth ? [pct(fromTruth, reps)] : []), widths.join(', '), seconds.toFixed(1)]);
}

const head = ['N', 'seeds', 'K̂1 = 18', 'K̂2 = 6', 'K̂3 = 2', 'all', ...(truth ? ['K̂2 = 6 from true A1'] : []), 'chosen widths', 'time (s)'];
console.log(`deeperLatents: ${deeper ?? 'preset default'}; seeds ${seed0}–${seed0 + reps - 1}\n`);
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
