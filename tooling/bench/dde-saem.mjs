#!/usr/bin/env node
// latentkit side of the `dde-saem` benchmark (no reference side: the reference code is MATLAB, which cannot run
// here). Deep Discrete Encoder fits with dde/dde and inference/saem (Gibbs sampler, spectral initialisation):
// - the two-layer Bernoulli design (K = 6, 2; J = 18; ALGORITHMS.md §9.2) at N = 8000: seconds per whole fit with
//   the default stopping rule (msPerFit) and per SAEM iteration (msPerIter, from fits of 1 and 21 iterations with
//   the stopping rule off: (T21 − T1) / 20, so the spectral initialisation is not counted);
// - the deep Normal design D = 3 (K = 18, 6, 2; J = 54; §9.3) at N = 8000: the same two numbers;
// - how ms per SAEM iteration grows with N (1000 … 8000) on both designs.
// Prints one JSON line (`pnpm bench` reads `msPerIter`: the two-layer design at N = 8000).
import { createRegistry } from '@latentkit/registry';
import { dde } from '@latentkit/models-dde';
import { saem } from '@latentkit/inference';
import { ddeDeepNormal, ddeTwoLayer } from '@latentkit/datasets';
import { sized } from './smoke.mjs';

const [, , repeatsArg = '3'] = process.argv.slice(2);
const repeats = Number(repeatsArg);
const registry = createRegistry().register(dde, saem);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeFit(data, params, engineParams) {
  const t0 = performance.now();
  const fitted = await registry.create('dde/dde', params).fit(data, { seed: 1, engineParams });
  const ms = performance.now() - t0;
  const iterations = fitted.iterations;
  fitted.dispose();
  return { ms, iterations };
}

async function measure(data, params) {
  const whole = [];
  const one = [];
  const many = [];
  for (let r = 0; r < repeats; r++) {
    whole.push(await timeFit(data, params, {}));
    one.push((await timeFit(data, params, { maxIter: 1, tol: 0 })).ms);
    many.push((await timeFit(data, params, { maxIter: 21, tol: 0, minIter: 21 })).ms);
  }
  return {
    msPerFit: median(whole.map((w) => w.ms)),
    iterations: median(whole.map((w) => w.iterations)),
    msPerIter: (median(many) - median(one)) / 20,
    msInit: median(one),
  };
}

const designs = {
  'two-layer bernoulli': (n) => ({ data: ddeTwoLayer({ n, likelihood: 'bernoulli', seed: 51 }).data, params: { likelihood: 'bernoulli', layers: [6, 2] } }),
  'deep normal D=3': (n) => ({ data: ddeDeepNormal({ n, depth: 3, seed: 51 }).data, params: { likelihood: 'normal', layers: [18, 6, 2] } }),
};
const result = { impl: 'latentkit', repeats, designs: {} };
for (const [name, make] of Object.entries(designs)) {
  const scaling = [];
  for (const n of sized([1000, 2000, 4000, 8000], [500])) {
    const { data, params } = make(n);
    const m = await measure(data, params);
    scaling.push({ n, ...m });
    console.error(`${name} N=${n}: ${JSON.stringify(m)}`);
  }
  result.designs[name] = scaling;
}
const headline = result.designs['two-layer bernoulli'].at(-1);
console.log(JSON.stringify({ ...result, n: headline.n, msPerIter: headline.msPerIter, msPerFit: headline.msPerFit }));
