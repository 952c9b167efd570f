import { createRng, initBackend, type DenseDataset } from '@latentkit/core';
import {
  API_VERSION,
  contractProblems,
  createRegistry,
  defineModel,
  pluginKey,
  type EngineOptions,
  type ModelInstance,
  type SaemSimulation,
  type SaemTerms,
  type StepInfo,
} from '@latentkit/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitSaem, saem } from './saem.js';
import { saemStepSize } from './saem-params.js';

beforeAll(async () => {
  await initBackend();
});

// ---------------------------------------------------------------------------------------------
// Toy model: x_i ~ ½ N(μ_0, 1) + ½ N(μ_1, 1); the latents are the labels z_i. Complete-data statistics
// s = (n_0, n_1, Σ_{z=0} x, Σ_{z=1} x), M-step μ_k = s_{2+k} / s_k, objective the mean log-likelihood at μ.
// ---------------------------------------------------------------------------------------------

interface Means {
  readonly mu: readonly [number, number];
}
interface Prepared {
  readonly x: Float64Array;
}
type Stats = Float64Array;
type Chain = Uint8Array;

const LOG_NORM = 0.5 * Math.log(2 * Math.PI);
const logLik = (x: Float64Array, [m0, m1]: readonly [number, number]) => {
  let s = 0;
  for (const v of x) {
    const a = -0.5 * (v - m0) ** 2;
    const b = -0.5 * (v - m1) ** 2;
    const hi = Math.max(a, b);
    s += hi + Math.log(0.5 * Math.exp(a - hi) + 0.5 * Math.exp(b - hi)) - LOG_NORM;
  }
  return s / x.length;
};
/** P(z_i = 1 | x_i, μ). */
const posterior = (v: number, [m0, m1]: readonly [number, number]) => 1 / (1 + Math.exp(-0.5 * (v - m0) ** 2 + 0.5 * (v - m1) ** 2));
const mStep = (s: Stats, prev: readonly [number, number]): [number, number] => [s[0] > 0 ? s[2] / s[0] : prev[0], s[1] > 0 ? s[3] / s[1] : prev[1]];

interface Recorder {
  simulations: SaemSimulation[];
  gammas: number[];
  changes: number[];
}

function twoMeansTerms(
  rec: Recorder = { simulations: [], gammas: [], changes: [] },
  changeOf?: (t: number) => number,
): SaemTerms<Means, Prepared, Chain, Stats> {
  let t = 0;
  return {
    prepare: (data) => ({ x: Float64Array.from((data as DenseDataset).values) }),
    init: ({ x }, rng) => {
      t = 0;
      return { state: { mu: [x[rng.int(x.length)] - 1, x[rng.int(x.length)] + 1] }, chain: new Uint8Array(x.length) };
    },
    simulate: (state, chain, { x }, rng, simulation) => {
      rec.simulations.push(simulation);
      const stats = new Float64Array(4);
      const next = new Uint8Array(chain.length);
      for (let c = 0; c < simulation.samples; c++) {
        for (let i = 0; i < x.length; i++) {
          const z = rng.uniform() < posterior(x[i], state.mu) ? 1 : 0;
          next[i] = z;
          stats[z] += 1 / simulation.samples;
          stats[2 + z] += x[i] / simulation.samples;
        }
      }
      return { chain: next, stats };
    },
    average: (running, fresh, gamma) => {
      rec.gammas.push(gamma);
      return running ? running.map((r, q) => (1 - gamma) * r + gamma * fresh[q]) : fresh.slice();
    },
    maximise: (state, stats, { x }) => {
      const mu = mStep(stats, state.mu);
      return { state: { mu }, objective: logLik(x, mu) };
    },
    change: (prev, next) => {
      t += 1;
      const c = changeOf ? changeOf(t) : Math.max(Math.abs(prev.mu[0] - next.mu[0]), Math.abs(prev.mu[1] - next.mu[1]));
      rec.changes.push(c);
      return c;
    },
  };
}

const instance = (terms: SaemTerms<Means, Prepared, Chain, Stats>, restarts?: number): ModelInstance<unknown, Means> => ({
  params: {},
  terms: { saem: terms },
  restarts,
  fitted: () => ({}) as never,
});

function mixtureData(n: number, seed: number, means: [number, number] = [-1.5, 1.5]): DenseDataset {
  const rng = createRng(seed);
  const values = Float64Array.from({ length: n }, () => means[rng.uniform() < 0.5 ? 0 : 1] + rng.normal());
  return { kind: 'dense', nRows: n, nCols: 1, values, columns: ['x'] };
}

const options = (o: Partial<EngineOptions> = {}): EngineOptions => ({ seed: 0, maxIter: 50, tol: 1e-3, ...o });
const sorted = (m: Means) => [...m.mu].sort((a, b) => a - b);

/** EM to its fixed point (the MLE with weights ½), and its linear rate r = lim |θ_{t+1} − θ̂| / |θ_t − θ̂|. */
function emMle(x: Float64Array, start: [number, number]): { mu: [number, number]; rate: number } {
  const step = (mu: [number, number]): [number, number] => {
    const s = new Float64Array(4);
    for (const v of x) {
      const p = posterior(v, mu);
      s[0] += 1 - p;
      s[1] += p;
      s[2] += (1 - p) * v;
      s[3] += p * v;
    }
    return mStep(s, mu);
  };
  let mu = start;
  const path: [number, number][] = [mu];
  for (let t = 0; t < 5000; t++) path.push((mu = step(mu)));
  const err = (m: [number, number]) => Math.hypot(m[0] - mu[0], m[1] - mu[1]);
  return { mu, rate: err(path[12]) / err(path[11]) };
}

describe('saemStepSize', () => {
  it('is 1/t by default, 1 during burn-in, then (t − burnIn)^(−α)', () => {
    expect([1, 2, 3, 4].map((t) => saemStepSize(t, { burnIn: 0, stepExponent: 1 }))).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
    expect([1, 2, 3, 4, 5].map((t) => saemStepSize(t, { burnIn: 2, stepExponent: 0.7 }))).toEqual([1, 1, 1, 2 ** -0.7, 3 ** -0.7]);
  });
});

describe('inference/saem', () => {
  it('meets the plugin contract and declares its parameters and defaults', () => {
    expect(contractProblems(saem)).toEqual([]);
    expect(pluginKey(saem)).toBe('inference/saem');
    expect(saem.continues).toBe(false);
    expect(saem.defaults).toEqual({ maxIter: 50, tol: 1e-3, sampler: 'gibbs', samples: 1, minIter: 1, patience: 1, burnIn: 0, stepExponent: 1 });
    const registry = createRegistry().register(saem);
    expect(() => registry.validateEngineParams('inference/saem', { samples: 0 })).toThrow(/samples=0 is invalid: expected an integer >= 1/);
    expect(() => registry.validateEngineParams('inference/saem', { sampler: 'jacobi' })).toThrow(/sampler/);
    expect(() => registry.validateEngineParams('inference/saem', { stepExponent: 0 })).toThrow(/stepExponent/);
  });

  it('approaches the maximum-likelihood means that EM finds, within the Monte-Carlo error of the final iteration', async () => {
    const data = mixtureData(300, 11, [-2, 2]);
    const x = data.values;
    // 50 burn-in iterations (γ = 1: stochastic EM, which forgets the start), then T draws averaged with γ = 1/(t − 50).
    const [burnIn, T] = [50, 400];
    const engineParams = { ...saem.defaults, maxIter: burnIn + T, burnIn, tol: 0 };
    const r = await fitSaem(instance(twoMeansTerms()), data, options({ seed: 5, engineParams }));
    expect([r.iterations, r.converged]).toEqual([burnIn + T, false]);
    const mle = emMle(x, [-1, 1]);
    // Monte-Carlo error. One draw's statistic s_{2+k} − μ̂_k·s_k has variance v_k = Σ_i p_ik(1 − p_ik)(x_i − μ̂_k)² at the
    // MLE. Linearised, s_t = s_{t−1} + γ_t·((J − I)(s_{t−1} − ŝ) + noise_t) with J the EM map's Jacobian (rate r); with
    // γ = 1/t over T draws the error's variance is v/(T(1 − 2r)) for r < ½ (the classical SA rate), so
    // sd(μ_k) = √(v_k/(T(1 − 2r)))/n̂_k. The start's bias decays as T^(−(1−r)) from the burn-in's end (itself within
    // one draw's error of the MLE): negligible. Over 12 other seeds (data and fit) the error was within 2.1 sd.
    expect(mle.rate).toBeLessThan(0.4);
    const se = [0, 1].map((k) => {
      let v = 0;
      let nk = 0;
      for (const xi of x) {
        const p1 = posterior(xi, mle.mu);
        v += p1 * (1 - p1) * (xi - mle.mu[k]) ** 2;
        nk += k === 1 ? p1 : 1 - p1;
      }
      return Math.sqrt(v / (T * (1 - 2 * mle.rate))) / nk;
    });
    const est = sorted(r.state);
    const truth = [...mle.mu].sort((a, b) => a - b);
    for (let k = 0; k < 2; k++) expect(Math.abs(est[k] - truth[k])).toBeLessThan(4 * se[k]);
    // The tolerance is meaningful: far below the MLE's own sampling error (≈ 1/√(N/2) ≈ 0.08) and the start's distance.
    expect(Math.max(...se)).toBeLessThan(0.005);
    // The objective is at the MLE to second order in the error: within 1e-4 per row.
    expect(r.objective).toBeCloseTo(logLik(x, mle.mu), 4);
  });

  it('stops at the first t ≥ minIter whose last `patience` changes were all ≤ tol', async () => {
    const data = mixtureData(20, 1);
    // Scripted changes: small (≤ tol) at t = 2, 4, 5, 6, 7, 8, …
    const changes = (t: number) => (t === 2 || t >= 4 ? 0 : 1);
    const run = (p: Partial<Record<'minIter' | 'patience', number>>) =>
      fitSaem(instance(twoMeansTerms(undefined, changes)), data, options({ engineParams: { ...saem.defaults, tol: 0.5, ...p } }));
    expect((await run({})).iterations).toBe(2);
    expect((await run({ patience: 2 })).iterations).toBe(5);
    expect((await run({ patience: 3 })).iterations).toBe(6);
    expect((await run({ minIter: 3 })).iterations).toBe(4);
    expect((await run({ minIter: 7, patience: 2 })).iterations).toBe(7);
    const never = await fitSaem(instance(twoMeansTerms(undefined, () => 1)), data, options({ maxIter: 9, engineParams: { ...saem.defaults, maxIter: 9 } }));
    expect([never.iterations, never.converged, never.fixedIterations]).toEqual([9, false, false]);
    const settled = await run({ patience: 2 });
    expect([settled.converged, settled.trace.length]).toEqual([true, 5]);
    // Each trace entry records the change of its iteration.
    expect(settled.trace.map((e) => e.extra?.change)).toEqual([1, 0, 1, 0, 0]);
  });

  it('does not stop on a small change of the objective (the objective is not monotone)', async () => {
    const data = mixtureData(20, 1);
    // A tol far above any objective change, but the parameter changes (scripted 1) never fall below it.
    const r = await fitSaem(instance(twoMeansTerms(undefined, () => 1)), data, options({ maxIter: 6, tol: 0.5 }));
    expect(r.iterations).toBe(6);
  });

  it('keeps the last completed state when cancelled, equal to a run stopped there', async () => {
    const data = mixtureData(50, 2);
    const controller = new AbortController();
    const steps: StepInfo[] = [];
    const onStep = (i: StepInfo) => {
      steps.push(i);
      if (i.iteration === 3) controller.abort();
    };
    const r = await fitSaem(instance(twoMeansTerms()), data, options({ seed: 9, tol: 0, signal: controller.signal, onStep }));
    expect([r.cancelled, r.iterations, steps.length]).toEqual([true, 3, 3]);
    const three = await fitSaem(instance(twoMeansTerms()), data, options({ seed: 9, tol: 0, maxIter: 3 }));
    expect(r.state).toEqual(three.state);
    expect(Object.keys(r.state)).toEqual(['mu']);
  });

  it('gives the same result for the same seed and another for another seed; restarts keep the best final objective', async () => {
    const data = mixtureData(60, 3);
    const fit = (seed: number, restarts?: number) => fitSaem(instance(twoMeansTerms(), restarts), data, options({ seed, tol: 0, maxIter: 8 }));
    const [a, b, c] = [await fit(4), await fit(4), await fit(5)];
    expect({ ...b, seconds: 0 }).toEqual({ ...a, seconds: 0 });
    expect(c.state).not.toEqual(a.state);
    const many = await fit(4, 3);
    const finals = [0, 1, 2].map((k) => many.trace.filter((e) => e.restart === k).at(-1)!.objective);
    expect(many.objective).toBe(Math.max(...finals));
    expect(many.bestRestart).toBe(finals.indexOf(many.objective));
  });

  it('passes sampler and samples to simulate and the step sizes γ_t to average', async () => {
    const data = mixtureData(30, 4);
    const rec: Recorder = { simulations: [], gammas: [], changes: [] };
    const engineParams = { ...saem.defaults, sampler: 'reference-jacobi', samples: 3, burnIn: 2, stepExponent: 0.6, maxIter: 5, tol: 0 };
    await fitSaem(instance(twoMeansTerms(rec)), data, options({ engineParams }));
    expect(rec.simulations).toEqual(Array(5).fill({ sampler: 'reference-jacobi', samples: 3 }));
    expect(rec.gammas).toEqual([1, 1, 1, 2 ** -0.6, 3 ** -0.6]);
  });

  it("reaches the terms with the model's engineDefaults for inference/saem, below the caller's engineParams", async () => {
    const rec: Recorder = { simulations: [], gammas: [], changes: [] };
    const model = defineModel<Record<string, never>, Means>({
      meta: { name: 'test', version: '0.0.0', id: 'two-means', namespace: 'test', apiVersion: API_VERSION, description: 'two means' },
      params: {},
      defaults: {},
      data: { kind: 'dense', allowsMissing: false, minRows: 1 },
      supports: ['inference/saem'],
      restore: () => ({}) as never,
      create: (params) => ({
        params,
        maxIter: 4,
        terms: { saem: twoMeansTerms(rec) },
        engineDefaults: { 'inference/saem': { sampler: 'reference-jacobi', samples: 2 } },
        fitted: () => ({}) as never,
      }),
    });
    const registry = createRegistry().register(saem, model);
    await registry.create('test/two-means', {}).fit(mixtureData(20, 5), { engine: 'inference/saem', tol: 0 });
    expect(rec.simulations).toEqual(Array(4).fill({ sampler: 'reference-jacobi', samples: 2 }));
    rec.simulations = [];
    await registry.create('test/two-means', {}).fit(mixtureData(20, 5), { engine: 'inference/saem', tol: 0, engineParams: { samples: 5 } });
    expect(rec.simulations).toEqual(Array(4).fill({ sampler: 'reference-jacobi', samples: 5 }));
  });

  it('refuses to continue a fitted state and names the missing terms', async () => {
    const data = mixtureData(10, 6);
    await expect(fitSaem(instance(twoMeansTerms()), data, options({ initialState: { mu: [0, 1] } }))).rejects.toThrow(
      /^inference\/saem cannot continue a fitted state/,
    );
    await expect(fitSaem({ params: {}, terms: {}, fitted: () => ({}) as never }, data, options())).rejects.toThrow(
      'inference/saem needs a model that provides SAEM terms',
    );
  });
});
