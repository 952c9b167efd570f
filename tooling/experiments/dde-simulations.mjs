#!/usr/bin/env node
// The Deep Discrete Encoder simulations of Lee & Gu (arXiv 2501.01414; ALGORITHMS.md §9.2–9.4), fitted with
// dde/dde (spectral initialisation, then penalised SAEM), with the systematic-scan Gibbs sampler (the default) and the
// reference code's synchronous sampler side by side. Prints one JSON line per fit (with --jsonl FILE: also appends
// them there) and a Markdown table per design: accuracy of the graphs G (after matching latent labels), of the
// spectral initialisation alone, parameter RMSE, seconds and iterations per fit.
//
//   node tooling/experiments/dde-simulations.mjs [--designs bernoulli,poisson,normal,deep,select-k]
//        [--n 500,1000,2000,4000,8000] [--reps 20] [--samplers gibbs,reference-jacobi] [--jobs 2] [--jsonl FILE]
//        [--ci]
//
// Replicate r uses the data seed 50 + r (the reference scripts' rng(50 + c)) and the fit seed r.
// --ci: a CI-sized run (bernoulli and normal, N = 500 and 1000, 2 replicates, Gibbs only).
// Definitions (ALGORITHMS.md §2.8): accuracy = (Σ matching entries of every G^(d)) / (Σ entries), after the
// optimal permutation of each layer's latents (metrics/graph-accuracy); RMSE = sqrt(mean over replicates of the
// per-replicate mean squared error over p, every B^(d) (intercepts and slopes, the fitted slopes thresholded) and,
// for Normal responses, γ), after the same permutations; no outlier removal (the reference applies MATLAB's
// rmoutliers; we report the plain mean and say so).
import { appendFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { workspaceImport } from './workspace-import.mjs';

const here = fileURLToPath(import.meta.url);

async function runTask(task) {
  const { createRegistry } = await workspaceImport('@latentkit/registry', 'models-dde');
  const { dde } = await workspaceImport('@latentkit/models-dde', 'models-dde');
  const { saem } = await workspaceImport('@latentkit/inference', 'models-dde');
  const datasets = await workspaceImport('@latentkit/datasets', 'models-dde');
  const { graphAccuracy, parameterRmse } = await workspaceImport('@latentkit/metrics', 'models-dde');
  const registry = createRegistry().register(dde, saem);
  const { design, n, rep, sampler } = task;
  const seed = 50 + rep;
  const { data, truth } =
    design === 'deep'
      ? datasets.ddeDeepNormal({ n, depth: 3, seed })
      : design === 'select-k'
        ? datasets.ddeSelectK({ n, seed })
        : datasets.ddeTwoLayer({ n, likelihood: design, seed });
  const widths = truth.layers.map((l) => l.coefficients[0].length - 1);
  const likelihood = design === 'deep' || design === 'select-k' ? 'normal' : design;
  const params = { likelihood, layers: design === 'select-k' ? 'auto' : widths, sampler };
  const t0 = performance.now();
  const fitted = await registry.create('dde/dde', params).fit(data, { seed: rep });
  const seconds = (performance.now() - t0) / 1000;
  const state = fitted.toJSON().state;
  const fittedWidths = state.layers.map((l) => l.coefficients[0].length - 1);
  const sameShape = fittedWidths.length === widths.length && fittedWidths.every((k, i) => k === widths[i]);
  const result = { ...task, seconds, iterations: fitted.iterations, widths: fittedWidths, correctK: fittedWidths.map((k, i) => k === widths[i]) };
  if (sameShape) {
    const acc = graphAccuracy(
      truth.layers.map((l) => l.graph),
      state.layers.map((l) => l.graph),
    );
    result.accuracy = acc.value;
    result.layerAccuracy = acc.layers;
    result.rmse2 = parameterRmse(truth, state, acc.permutations).mse;
    if (state.initialLayers)
      result.initAccuracy = graphAccuracy(
        truth.layers.map((l) => l.graph),
        state.initialLayers.map((l) => l.graph),
      ).value;
  }
  fitted.dispose();
  return result;
}

if (!isMainThread) {
  parentPort.on('message', async (task) => {
    try {
      parentPort.postMessage({ ok: true, result: await runTask(task) });
    } catch (e) {
      parentPort.postMessage({ ok: false, task, error: String(e?.stack ?? e) });
    }
  });
} else {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const ci = args.includes('--ci');
  const designs = option('--designs', ci ? 'bernoulli,normal' : 'bernoulli,poisson,normal').split(',');
  const ns = option('--n', ci ? '500,1000' : '500,1000,2000,4000,8000')
    .split(',')
    .map(Number);
  const reps = Number(option('--reps', ci ? '2' : '20'));
  const samplers = option('--samplers', ci ? 'gibbs' : 'gibbs,reference-jacobi').split(',');
  const jobs = Number(option('--jobs', String(Math.max(1, availableParallelism()))));
  const jsonl = option('--jsonl');
  const tasks = [];
  for (const design of designs)
    for (const n of ns) for (const sampler of samplers) for (let rep = 1; rep <= reps; rep++) tasks.push({ design, n, rep, sampler });

  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, tasks.length) }, async () => {
      const worker = new Worker(here, { workerData: {} });
      try {
        while (next < tasks.length) {
          const task = tasks[next++];
          const reply = await new Promise((resolve) => {
            worker.once('message', resolve);
            worker.postMessage(task);
          });
          if (!reply.ok) {
            console.error(`failed: ${JSON.stringify(reply.task)}: ${reply.error}`);
            process.exitCode = 1;
            continue;
          }
          const line = JSON.stringify(reply.result);
          console.log(line);
          if (jsonl) appendFileSync(jsonl, line + '\n');
          results.push(reply.result);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  console.log(summaryTables(results));
}

function meanSe(xs) {
  const v = xs.filter((x) => Number.isFinite(x));
  if (v.length === 0) return { mean: NaN, se: NaN, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, se: sd / Math.sqrt(v.length), n: v.length };
}

/** One Markdown table per design: rows N, columns per sampler. */
export function summaryTables(results) {
  const out = [];
  const designs = [...new Set(results.map((r) => r.design))];
  for (const design of designs) {
    const rs = results.filter((r) => r.design === design);
    const samplers = [...new Set(rs.map((r) => r.sampler))];
    const ns = [...new Set(rs.map((r) => r.n))].sort((a, b) => a - b);
    out.push(`\n### ${design}\n`);
    const head = ['N', ...samplers.flatMap((s) => [`${s}: accuracy ± SE`, 'RMSE', 'per layer', 's/fit', 'iterations']), 'spectral init accuracy', 'correct K'];
    out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const n of ns) {
      const cells = [String(n)];
      for (const s of samplers) {
        const group = rs.filter((r) => r.n === n && r.sampler === s);
        const acc = meanSe(group.map((r) => r.accuracy));
        const rmse = Math.sqrt(meanSe(group.map((r) => r.rmse2)).mean);
        const layers = group[0]?.layerAccuracy?.map((_, d) => meanSe(group.map((r) => r.layerAccuracy?.[d])).mean.toFixed(3)).join(' / ') ?? '-';
        cells.push(
          `${acc.mean.toFixed(3)} ± ${acc.se.toFixed(3)} (${acc.n})`,
          rmse.toFixed(3),
          layers,
          meanSe(group.map((r) => r.seconds)).mean.toFixed(2),
          meanSe(group.map((r) => r.iterations)).mean.toFixed(1),
        );
      }
      const all = rs.filter((r) => r.n === n);
      cells.push(meanSe(all.map((r) => r.initAccuracy)).mean.toFixed(3));
      const k = all[0]?.correctK?.map((_, d) => (all.filter((r) => r.correctK[d]).length / all.length).toFixed(2)).join(' / ') ?? '-';
      cells.push(k);
      out.push(`| ${cells.join(' | ')} |`);
    }
  }
  return out.join('\n');
}
