#!/usr/bin/env node
// Data of the contrastive-VAE simulation (ALGORITHMS.md §3.7): shared z and salient t in R^dz, R^dt, each drawn from an
// equal-weight mixture of `components` Gaussians N(μ_k, I) with means μ_k ~ N(0, separation²·I) (drawn once per seed,
// z and t each their own), t = 0 on background rows, x = f(z, t) + ε with f a random ReLU MLP
// (dz + dt → hidden → hidden → dx, W ~ N(0, 2/fan_in), b ~ N(0, 0.1²)) and ε ~ N(0, noise²·I).
//
// When @latentkit/datasets' contrastiveSim takes `prior: 'mixture'` (branch wt-groups) it is used; otherwise the same
// design is built here from its building blocks (createRng of core, the same draws in the same order as that
// implementation), so both give the same rows for a seed.
//
// As a script it writes one data set as CSV for the PyTorch reference (tooling/reference/cvae_reference.py):
//   node tooling/experiments/cvae-sim-data.mjs --seed 1 --rows 4000 --dx 20 --dz 2 --dt 2 > data.csv
// Columns: x1..x<dx>, group (0 background, 1 target), z1..z<dz>, t1..t<dt>, zc, tc (mixture components; tc −1 on
// background rows).
import { parseArgs } from 'node:util';
import { workspaceImport } from './workspace-import.mjs';

const { createRng } = await workspaceImport('@latentkit/core');
const { contrastiveSim } = await workspaceImport('@latentkit/datasets');

function randomLayer(rng, nIn, nOut) {
  const scale = Math.sqrt(2 / nIn);
  return {
    weights: Array.from({ length: nOut }, () => Array.from({ length: nIn }, () => scale * rng.normal())),
    bias: Array.from({ length: nOut }, () => 0.1 * rng.normal()),
  };
}

function applyMixing(layers, input) {
  let h = Array.from(input);
  layers.forEach((layer, q) => {
    const last = q === layers.length - 1;
    h = layer.weights.map((row, o) => {
      let s = layer.bias[o];
      for (let i = 0; i < row.length; i++) s += row[i] * h[i];
      return last || s > 0 ? s : 0;
    });
  });
  return h;
}

/** The design built here (same draws as contrastiveSim with prior 'mixture' on wt-groups). */
function simulateHere({ nBackground, nTarget, dz, dt, dx, hidden, noise, components, separation, seed }) {
  const [netRng, sampleRng] = createRng(seed).split(2);
  const layers = [randomLayer(netRng, dz + dt, hidden), randomLayer(netRng, hidden, hidden), randomLayer(netRng, hidden, dx)];
  const means = (dim) => Array.from({ length: components }, () => Array.from({ length: dim }, () => separation * netRng.normal()));
  const zMeans = means(dz);
  const tMeans = means(dt);
  const n = nBackground + nTarget;
  const z = new Float64Array(n * dz);
  const t = new Float64Array(n * dt);
  const group = new Int32Array(n);
  const zComponent = new Int32Array(n);
  const tComponent = new Int32Array(n).fill(-1);
  const values = new Float64Array(n * dx);
  const draw = (out, at, dim, mu) => {
    const k = sampleRng.int(mu.length);
    for (let q = 0; q < dim; q++) out[at + q] = mu[k][q] + sampleRng.normal();
    return k;
  };
  for (let i = 0; i < n; i++) {
    const target = i >= nBackground;
    group[i] = target ? 1 : 0;
    zComponent[i] = draw(z, i * dz, dz, zMeans);
    if (target) tComponent[i] = draw(t, i * dt, dt, tMeans);
    const x = applyMixing(layers, [...z.subarray(i * dz, (i + 1) * dz), ...t.subarray(i * dt, (i + 1) * dt)]);
    for (let q = 0; q < dx; q++) values[i * dx + q] = x[q] + noise * sampleRng.normal();
  }
  return { values, z, t, group, zComponent, tComponent };
}

/**
 * One data set of the design: `{ data (DenseDataset with groups), z, t, group, zComponent, tComponent, source }`,
 * `source` 'datasets' or 'here' (who generated it).
 */
export function simulate({ nBackground = 4000, nTarget = 4000, dz = 2, dt = 2, dx = 20, hidden = 32, noise = 0.1, components = 3, separation = 3, seed }) {
  const opts = { nBackground, nTarget, dz, dt, dx, hidden, noise, prior: 'mixture', components, separation, seed };
  const sim = contrastiveSim(opts);
  let out;
  let source;
  if (sim.truth.mixture) {
    out = { values: sim.data.values, z: sim.truth.z, t: sim.truth.t, group: sim.truth.group, ...sim.truth.mixture };
    out = { ...out, zComponent: sim.truth.mixture.zComponent, tComponent: sim.truth.mixture.tComponent };
    source = 'datasets';
  } else {
    out = simulateHere(opts);
    source = 'here';
  }
  const n = nBackground + nTarget;
  const labels = Array.from(out.group, (g) => (g ? 'target' : 'background'));
  const data = {
    kind: 'dense',
    nRows: n,
    nCols: dx,
    values: out.values,
    columns: Array.from({ length: dx }, (_, j) => `x${j + 1}`),
    groups: { name: 'group', values: labels },
    source: 'contrastive-sim',
  };
  return { data, z: out.z, t: out.t, group: out.group, zComponent: out.zComponent, tComponent: out.tComponent, source };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: a } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      rows: { type: 'string', default: '4000' },
      dx: { type: 'string', default: '20' },
      dz: { type: 'string', default: '2' },
      dt: { type: 'string', default: '2' },
    },
  });
  const [dz, dt, dx, rows] = [+a.dz, +a.dt, +a.dx, +a.rows];
  const s = simulate({ nBackground: rows, nTarget: rows, dz, dt, dx, seed: +a.seed });
  const head = [
    ...s.data.columns,
    'group',
    ...Array.from({ length: dz }, (_, q) => `z${q + 1}`),
    ...Array.from({ length: dt }, (_, q) => `t${q + 1}`),
    'zc',
    'tc',
  ];
  const lines = [head.join(',')];
  for (let i = 0; i < s.data.nRows; i++) {
    const row = [
      ...Array.from(s.data.values.subarray(i * dx, (i + 1) * dx)),
      s.group[i],
      ...Array.from(s.z.subarray(i * dz, (i + 1) * dz)),
      ...Array.from(s.t.subarray(i * dt, (i + 1) * dt)),
      s.zComponent[i],
      s.tComponent[i],
    ];
    lines.push(row.join(','));
  }
  process.stdout.write(lines.join('\n') + '\n');
  process.stderr.write(`generated by ${s.source}\n`);
}
