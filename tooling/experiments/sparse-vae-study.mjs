#!/usr/bin/env node
// Sparse VAE synthetic study (ALGORITHMS.md §9.1; Moran et al. 2022, simulation 1): N = 1000, G = 7, true K = 2,
// fitted K = 5, factor correlation ρ ∈ {0, 0.2, 0.4, 0.6, 0.8}, seeds 1..5. Each data set is split by the
// latentkit rule (row index % 5 == 4 is test: 800 train / 200 test rows); every model is fitted to the training
// rows with `inference/vi` (hidden [50, 50], batch 100, Adam 0.01, 200 epochs, the reference simulation's settings),
// every model with the same KL warm-up over the first 50 epochs (`--warmup`, the Sparse VAE's default).
//
// Printed per ρ and model (mean and standard error over seeds):
// - held-out MSE: mean over test rows and features of (x − E[x | z = posterior mean])²;
// - MCC: mean |Pearson correlation| between the 2 true factors and 2 of the 5 posterior-mean dimensions after the
//   optimal one-to-one matching (`mcc` of @latentkit/metrics), over all 1000 rows;
// - support accuracy: share of the 7 × 2 entries of the true factor-to-feature support (z1 → x1, x2, x3, x7;
//   z2 → x4, x5, x6, x7) recovered on the matched dimensions. `jacobian`: feature j depends on dimension k when
//   mean_i |∂E[x_j | z]/∂z_k| at the posterior means (central differences, h = 0.01) is at least 0.2 × the largest
//   of the two matched dimensions' values; `p*` (Sparse VAE only): p*_jk > 0.5.
//
// Run after `pnpm build`:
//   node tooling/experiments/sparse-vae-study.mjs [--rhos 0,0.2,0.4,0.6,0.8] [--seeds 5] [--epochs 200] [--warmup 50] [--models ...] [--json out.jsonl]
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { workspaceImport } from './workspace-import.mjs';

const MODELS = {
  'sparse-vae': { key: 'vae/sparse-vae', label: 'Sparse VAE (paper objective; defaults)', params: {} },
  'sparse-vae-ref': { key: 'vae/sparse-vae', label: 'Sparse VAE (reference-code objective)', params: { objectiveScaling: 'reference-code' } },
  vae: { key: 'vae/vae', label: 'VAE (β = 1)', params: {} },
  'vae-kl0.2': { key: 'vae/vae', label: 'VAE (KL weight 0.2 = 1/K, as the reference objective)', params: { beta: 0.2 } },
  'beta-vae': { key: 'vae/beta-vae', label: 'β-VAE (β = 2)', params: { beta: 2 } },
  'beta-vae-4': { key: 'vae/beta-vae', label: 'β-VAE (β = 4)', params: { beta: 4 } },
};

const { values: args } = parseArgs({
  options: {
    rhos: { type: 'string', default: '0,0.2,0.4,0.6,0.8' },
    seeds: { type: 'string', default: '5' },
    epochs: { type: 'string', default: '200' },
    models: { type: 'string', default: 'sparse-vae,sparse-vae-ref,vae,vae-kl0.2,beta-vae' },
    warmup: { type: 'string', default: '50' },
    json: { type: 'string' },
  },
});
const rhos = args.rhos.split(',').map(Number);
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
const models = args.models.split(',').map((m) => {
  if (!MODELS[m]) throw new Error(`unknown model ${m}; known: ${Object.keys(MODELS).join(', ')}`);
  return [m, MODELS[m]];
});

const { initBackend, splitRows } = await workspaceImport('@latentkit/core');
const { createRegistry } = await workspaceImport('@latentkit/registry');
const { vi } = await workspaceImport('@latentkit/inference');
const { sparseVaeSim } = await workspaceImport('@latentkit/datasets');
const vaeModule = await workspaceImport('@latentkit/models-vae');
const { mcc } = await workspaceImport('@latentkit/metrics', 'metrics');
await initBackend();
const registry = createRegistry().register(vi, ...vaeModule.vaePlugins);
const common = { latentDim: 5, hiddenUnits: [50, 50], batchSize: 100, learningRate: 0.01, epochs: Number(args.epochs), klWarmupEpochs: Number(args.warmup) };

/** mean_i |∂E[x_j | z]/∂z_k| (G × K) at the rows' posterior means, by central differences. */
function meanAbsJacobian(fitted, z) {
  const h = 0.01;
  const { nRows: n, nCols: k } = z;
  const out = [];
  for (let c = 0; c < k; c++) {
    const shifted = (s) => ({ nRows: n, values: z.values.map((v, i) => (i % k === c ? v + s : v)) });
    const up = fitted.decode(shifted(h));
    const down = fitted.decode(shifted(-h));
    const g = up.nCols;
    const col = new Float64Array(g);
    for (let i = 0; i < n; i++) for (let j = 0; j < g; j++) col[j] += Math.abs(up.values[i * g + j] - down.values[i * g + j]) / (2 * h * n);
    out.push(col);
  }
  return Array.from(out[0], (_, j) => out.map((col) => col[j]));
}

function supportAccuracy(pred, truthSupport) {
  let right = 0;
  truthSupport.forEach((row, j) => row.forEach((t, f) => (right += pred[j][f] === t ? 1 : 0)));
  return right / (truthSupport.length * truthSupport[0].length);
}

const rows = [];
for (const rho of rhos) {
  for (const seed of seeds) {
    const { data, truth } = sparseVaeSim({ n: 1000, rho, seed });
    const train = splitRows(data, 'train');
    const test = splitRows(data, 'test');
    const truthZ = { nRows: data.nRows, nCols: 2, values: truth.z, columns: ['z1', 'z2'] };
    for (const [name, m] of models) {
      const t0 = performance.now();
      const fitted = await registry.create(m.key, { ...common, ...m.params }).fit(train, { seed });
      const z = fitted.transform(data);
      const match = mcc(truthZ, z, { method: 'pearson' });
      const matched = ['z1', 'z2'].map((t) => z.columns.indexOf(match.settings.matching[t]));
      const jac = meanAbsJacobian(fitted, z);
      const jacSupport = jac.map((r) => {
        const sub = matched.map((c) => r[c]);
        const top = Math.max(...sub);
        return sub.map((v) => top > 0 && v >= 0.2 * top);
      });
      const row = {
        rho,
        seed,
        model: name,
        testMse: fitted.scores(test).mse,
        testElbo: fitted.score(test),
        mcc: match.value,
        supportJacobian: supportAccuracy(jacSupport, truth.support),
        seconds: (performance.now() - t0) / 1000,
      };
      if (m.key === 'vae/sparse-vae') {
        const mask = vaeModule.sparseVaeMask(fitted);
        row.supportPStar = supportAccuracy(
          mask.inclusion.map((r) => matched.map((c) => r[c] > 0.5)),
          truth.support,
        );
      }
      fitted.dispose();
      rows.push(row);
      if (args.json) appendFileSync(args.json, `${JSON.stringify(row)}\n`);
      console.error(
        `rho ${rho} seed ${seed} ${name}: mse ${row.testMse.toFixed(3)} mcc ${row.mcc.toFixed(3)} support(jac) ${row.supportJacobian.toFixed(2)}` +
          `${row.supportPStar === undefined ? '' : ` support(p*) ${row.supportPStar.toFixed(2)}`} (${row.seconds.toFixed(1)} s)`,
      );
    }
  }
}

const stat = (xs) => {
  const v = xs.filter((x) => x !== undefined);
  if (v.length === 0) return '–';
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const se = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1) / v.length) : 0;
  return `${mean.toFixed(3)} (${se.toFixed(3)})`;
};
console.log(
  `Sparse VAE synthetic study: N = 1000 (800 train / 200 test), G = 7, K = 5, ${args.epochs} epochs, KL warm-up ${args.warmup} epochs, seeds ${seeds.join(', ')}; mean (s.e.)`,
);
console.log('');
console.log('| ρ | model | held-out MSE | MCC | support accuracy (jacobian) | support accuracy (p*) |');
console.log('|---|---|---|---|---|---|');
for (const rho of rhos) {
  for (const [name, m] of models) {
    const r = rows.filter((x) => x.rho === rho && x.model === name);
    console.log(
      `| ${rho} | ${m.label} | ${stat(r.map((x) => x.testMse))} | ${stat(r.map((x) => x.mcc))} | ${stat(r.map((x) => x.supportJacobian))} | ${stat(r.map((x) => x.supportPStar))} |`,
    );
  }
}
