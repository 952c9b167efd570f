import { contractProblems, pluginKey, type EmTerms, type EngineOptions, type FitResult, type ModelInstance, type StepInfo } from '@latentkit/registry';
import { createRng, initBackend, type DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { disposeAll } from '../driver/tensor-state.js';
import { em, fitEm } from './em.js';

beforeAll(async () => {
  await initBackend();
});

const dense = (values: number[]): DenseDataset => ({ kind: 'dense', nRows: values.length, nCols: 1, values: Float64Array.from(values), columns: ['x'] });
const options = (o: Partial<EngineOptions> = {}): EngineOptions => ({ seed: 0, maxIter: 100, tol: 1e-3, ...o });

function instance<S>(terms: EmTerms<S, any, any>, restarts?: number): ModelInstance<unknown, S> {
  return { params: {}, terms: { em: terms }, restarts, fitted: () => ({}) as never };
}

// ---------------------------------------------------------------------------------------------
// "Level" model: restart r draws u_r = rng_r.uniform(); the objective after t−1 M-steps is u_r − 2^−(t−1),
// so every restart converges at iteration 11 (tol 1e-3) to u_r − 2^−10 and the best restart is argmax_r u_r.
// ---------------------------------------------------------------------------------------------

interface LevelState {
  readonly u: tf.Scalar;
  readonly t: number;
}

function levelTerms(opts: { throwAt?: { restart: number; t: number }; nanAt?: number } = {}): EmTerms<LevelState, { x: tf.Tensor; restart: number }, null> {
  let restart = -1;
  return {
    prepare: (data) => ({ x: tf.tensor1d(Float32Array.from((data as DenseDataset).values)), restart: 0 }),
    init: (_prepared, rng) => {
      restart += 1;
      return { u: tf.scalar(rng.uniform()), t: 0 };
    },
    eStep: (s) => {
      if (opts.throwAt && opts.throwAt.restart === restart && opts.throwAt.t === s.t + 1) throw new Error('E-step failed');
      tf.mul(s.u, 2); // an intermediate the driver's tidy must free
      const objective = s.t + 1 === opts.nanAt ? Number.NaN : s.u.dataSync()[0] - 2 ** -s.t;
      return { stats: null, objective };
    },
    mStep: (s) => ({ u: s.u, t: s.t + 1 }),
  };
}

/** The u_r restarts draw: child r of createRng(seed).split(n), as float32 (the tensor's precision). */
const childDraws = (seed: number, n: number) =>
  createRng(seed)
    .split(n)
    .map((r) => Math.fround(r.uniform()));

const levelData = dense([1, 2, 3]);

describe('inference/em with restarts', () => {
  it('draws each restart from its own child seed and keeps the best final objective', async () => {
    const before = tf.memory().numTensors;
    const r = await fitEm(instance(levelTerms(), 4), levelData, options({ seed: 42 }));
    const u = childDraws(42, 4);
    expect(new Set(u).size).toBe(4);
    const best = u.indexOf(Math.max(...u));
    expect(r.bestRestart).toBe(best);
    expect(r.state.u.dataSync()[0]).toBe(u[best]);
    expect(r.objective).toBe(u[best] - 2 ** -10);
    expect([r.iterations, r.converged, r.cancelled, r.engine, r.seed]).toEqual([11, true, false, 'inference/em', 42]);
    // The final objective of each restart is its own u_r − 2^−10.
    const finals = u.map((_, k) => r.trace.filter((e) => e.restart === k).at(-1)!.objective);
    expect(finals).toEqual(u.map((v) => v - 2 ** -10));
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tags every trace entry with its restart when restarts > 1, and not otherwise', async () => {
    const r = await fitEm(instance(levelTerms(), 3), levelData, options());
    expect(r.trace).toHaveLength(33);
    expect(r.trace.map((e) => e.restart)).toEqual([...Array(11).fill(0), ...Array(11).fill(1), ...Array(11).fill(2)]);
    expect(r.trace.filter((e) => e.restart === 2).map((e) => e.iteration)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    disposeAll(r.state);
    const single = await fitEm(instance(levelTerms()), levelData, options());
    expect(single.trace.every((e) => e.restart === undefined)).toBe(true);
    expect(single.bestRestart).toBe(0);
    expect(single.state.u.dataSync()[0]).toBe(childDraws(0, 1)[0]);
    disposeAll(single.state);
  });

  it('reports restart and restarts to onStep', async () => {
    const seen: [number, number][] = [];
    const r = await fitEm(
      instance(levelTerms(), 2),
      levelData,
      options({ maxIter: 2, tol: 0, onStep: (i: StepInfo) => void seen.push([i.restart, i.restarts]) }),
    );
    expect(seen).toEqual([
      [0, 2],
      [0, 2],
      [1, 2],
      [1, 2],
    ]);
    disposeAll(r.state);
  });

  it('is deterministic under a seed', async () => {
    const run = async (seed: number) => {
      const r = await fitEm(instance(levelTerms(), 3), levelData, options({ seed }));
      disposeAll(r.state);
      return [r.trace, r.objective, r.bestRestart];
    };
    expect(await run(7)).toEqual(await run(7));
  });

  it('stops at the restart where the signal is aborted and does not start the next', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const onStep = (i: StepInfo) => {
      if (i.restart === 1 && i.iteration === 2) controller.abort();
    };
    const r = await fitEm(instance(levelTerms(), 3), levelData, options({ seed: 3, signal: controller.signal, onStep }));
    expect(r.cancelled).toBe(true);
    expect(r.trace.some((e) => e.restart === 2)).toBe(false);
    expect(r.trace.filter((e) => e.restart === 1)).toHaveLength(2);
    const finals = [0, 1].map((k) => r.trace.filter((e) => e.restart === k).at(-1)!.objective);
    expect(r.objective).toBe(Math.max(...finals));
    expect(r.state.u.isDisposed).toBe(false);
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees everything when an E-step throws in a later restart', async () => {
    const before = tf.memory().numTensors;
    await expect(fitEm(instance(levelTerms({ throwAt: { restart: 1, t: 3 } }), 3), levelData, options())).rejects.toThrow('E-step failed');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('raises a one-line error naming the iteration for a NaN objective, freeing everything', async () => {
    const before = tf.memory().numTensors;
    await expect(fitEm(instance(levelTerms({ nanAt: 5 })), levelData, options())).rejects.toThrow(
      /^inference\/em: the objective became NaN at iteration 5; the data may need scaling or a larger regularisation$/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs EM terms', async () => {
    await expect(fitEm({ params: {}, terms: {}, fitted: () => ({}) as never }, levelData, options())).rejects.toThrow(
      'inference/em needs a model that provides EM terms (prepare, init, eStep, mStep)',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// A real model: two 1-D Gaussians N(μ_k, 1) with weights π_k, EM in float32 tfjs, checked against the same
// updates in float64 JS from the same start.
// ---------------------------------------------------------------------------------------------

interface MixState {
  readonly mu: tf.Tensor1D;
  readonly logPi: tf.Tensor1D;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

const mixTerms: EmTerms<MixState, { x: tf.Tensor2D; n: number }, { nk: tf.Tensor1D; sx: tf.Tensor1D }> = {
  prepare: (data) => ({ x: tf.tensor2d(Float32Array.from((data as DenseDataset).values), [data.nRows, 1]), n: data.nRows }),
  init: () => ({ mu: tf.tensor1d([-0.5, 0.5]), logPi: tf.tensor1d([Math.log(0.5), Math.log(0.5)]) }),
  eStep: (s, { x }) => {
    const joint = tf.sub(tf.add(s.logPi, tf.mul(tf.square(tf.sub(x, s.mu)), -0.5)), LOG_SQRT_2PI);
    const ll = tf.logSumExp(joint, 1, true);
    const r = tf.exp(tf.sub(joint, ll));
    return { objective: tf.mean(ll).dataSync()[0], stats: { nk: tf.sum(r, 0) as tf.Tensor1D, sx: tf.sum(tf.mul(r, x), 0) as tf.Tensor1D } };
  },
  mStep: (_s, { nk, sx }, { n }) => ({ mu: tf.div(sx, nk) as tf.Tensor1D, logPi: tf.log(tf.div(nk, n)) as tf.Tensor1D }),
};

/** The same EM in float64: objectives L(θ_0..θ_{T−1}) and the final θ_T. */
function referenceEm(x: Float64Array, iterations: number) {
  let mu = [-0.5, 0.5];
  let pi = [0.5, 0.5];
  const objectives: number[] = [];
  for (let t = 0; t < iterations; t++) {
    let total = 0;
    const nk = [0, 0];
    const sx = [0, 0];
    for (const xi of x) {
      const p = mu.map((m, k) => pi[k] * Math.exp(-0.5 * (xi - m) ** 2 - LOG_SQRT_2PI));
      const s = p[0] + p[1];
      total += Math.log(s);
      for (let k = 0; k < 2; k++) {
        nk[k] += p[k] / s;
        sx[k] += (p[k] / s) * xi;
      }
    }
    objectives.push(total / x.length);
    mu = [sx[0] / nk[0], sx[1] / nk[1]];
    pi = [nk[0] / x.length, nk[1] / x.length];
  }
  return { objectives, mu, pi };
}

describe('inference/em on a two-component Gaussian mixture', () => {
  const rng = createRng(11);
  const values = Array.from({ length: 200 }, (_, i) => (i % 2 ? 2 : -2) + rng.normal());
  const data = dense(values);

  it('follows the float64 EM trajectory and never decreases the log-likelihood', async () => {
    const before = tf.memory().numTensors;
    const r: FitResult<MixState> = await fitEm(instance(mixTerms), data, options({ maxIter: 8, tol: 0 }));
    const ref = referenceEm(data.values, 8);
    // float32 sums over 200 rows: relative error of order 1e-6 in the objective and 1e-5 in the means.
    const objectives = r.trace.map((e) => e.objective);
    objectives.forEach((o, t) => expect(Math.abs(o - ref.objectives[t])).toBeLessThan(1e-5 * Math.abs(ref.objectives[t])));
    for (let t = 1; t < objectives.length; t++) expect(objectives[t]).toBeGreaterThanOrEqual(objectives[t - 1] - 1e-6);
    Array.from(r.state.mu.dataSync()).forEach((m, k) => expect(Math.abs(m - ref.mu[k])).toBeLessThan(1e-4));
    Array.from(r.state.logPi.dataSync()).forEach((lp, k) => expect(Math.abs(Math.exp(lp) - ref.pi[k])).toBeLessThan(1e-5));
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the em plugin', () => {
  it("fits the contract with key inference/em and this package's identity", () => {
    expect(contractProblems(em)).toEqual([]);
    expect(pluginKey(em)).toBe('inference/em');
    expect([em.meta.name, em.meta.version]).toEqual([pkg.name, pkg.version]);
    expect(em.requires).toEqual(['em']);
    expect(em.fit).toBe(fitEm);
  });
});
