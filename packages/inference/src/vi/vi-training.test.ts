import { dense, initBackend, type DenseDataset } from '@latentkit/core';
import { engineParamSpecs, validateParams, type EngineOptions, type ModelInstance, type ViObjectives, type ViTerms } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeAll } from '../driver/tensor-state.js';
import { minNormPair } from '../multi-objective/min-norm.js';
import type { ViParams } from './vi-params.js';
import { fitVi, vi } from './vi.js';

beforeAll(async () => {
  await initBackend();
});

const options = (o: Partial<EngineOptions> = {}): EngineOptions => ({ seed: 0, tol: 0, ...o }) as EngineOptions;
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const rows = (n: number): DenseDataset => ({ kind: 'dense', nRows: n, nCols: 1, values: new Float64Array(n), columns: ['x'] });
const read = (v: tf.Tensor) => Array.from(v.dataSync());

// ---------------------------------------------------------------------------------------------------------------
// Two quadratic tasks: a shared w ∈ R², a private a (task 'background') and b (task 'target'):
// L_bg = ½‖w − p‖² + ½(a − 1)², L_tg = ½‖w − q‖² + ½(b + 2)², so g_bg = (w − p, a − 1), g_tg = (w − q, b + 2).
// With the constraint R = ‖w‖² ≤ ε = 1, the minimiser of L_bg + L_tg is w* = m/‖m‖ (m = (p + q)/2), since
// 2w − 2m + 2λw = 0 gives w = m/(1 + λ), so λ* = ‖m‖ − 1.
// ---------------------------------------------------------------------------------------------------------------

const P = [2, 1];
const Q = [-1, 2];
const W0 = [0.5, -1];
const A0 = 0.25;
const B0 = 1.5;

interface QState {
  readonly w: tf.Variable;
  readonly a: tf.Variable;
  readonly b: tf.Variable;
}

function quadratic(
  settings: Partial<ViParams>,
  opts: { objectives?: boolean; constraint?: boolean; taskVariables?: boolean } = {},
): ModelInstance<unknown, QState> {
  const objectives = (s: QState): ViObjectives => {
    const bg = tf.add(tf.mul(tf.sum(tf.square(tf.sub(s.w, P))), 0.5), tf.mul(tf.sum(tf.square(tf.sub(s.a, 1))), 0.5)) as tf.Scalar;
    const tg = tf.add(tf.mul(tf.sum(tf.square(tf.sub(s.w, Q))), 0.5), tf.mul(tf.sum(tf.square(tf.add(s.b, 2))), 0.5)) as tf.Scalar;
    return {
      tasks: [
        { name: 'background', loss: bg },
        { name: 'target', loss: tg },
      ],
      ...(opts.constraint !== false && { constraint: tf.sum(tf.square(s.w)) as tf.Scalar }),
      elbo: tf.neg(tf.add(bg, tg)) as tf.Scalar,
    };
  };
  const terms: ViTerms<QState, number> = {
    prepare: (d) => d.nRows,
    nRows: (n) => n,
    init: () => ({ w: tf.variable(tf.tensor1d(W0)), a: tf.variable(tf.tensor1d([A0])), b: tf.variable(tf.tensor1d([B0])) }),
    variables: (s) => [s.w, s.a, s.b],
    loss: (s) => {
      const out = objectives(s);
      const loss = tf.add(out.tasks[0].loss, out.tasks[1].loss) as tf.Scalar;
      tf.dispose(out.constraint);
      return { loss, elbo: out.elbo };
    },
    ...(opts.objectives !== false && { objectives }),
    ...(opts.taskVariables !== false && { taskVariables: (s: QState) => ({ background: [s.a], target: [s.b] }) }),
    evaluate: (s) => {
      const out = tf.tidy(() => objectives(s).elbo);
      const elbo = out.dataSync()[0];
      out.dispose();
      return { elbo };
    },
  };
  return { params: {}, terms: { vi: terms }, engineDefaults: { 'inference/vi': { optimizer: 'sgd', ...settings } }, fitted: () => ({}) as never };
}

describe("inference/vi with training 'mgda'", () => {
  const g1 = W0.map((w, i) => w - P[i]);
  const g2 = W0.map((w, i) => w - Q[i]);
  const alpha = minNormPair(dot(g1, g1), dot(g1, g2), dot(g2, g2));

  it('moves the shared variables by −lr·(α*g₁ + (1 − α*)g₂) and each private one by −lr times its own gradient', async () => {
    const lr = 0.1;
    // α* = (v₂₂ − v₁₂)/(v₁₁ + v₂₂ − 2v₁₂) with g₁ = (−1.5, −2), g₂ = (1.5, −3): (11.25 − 3.75)/(6.25 + 11.25 − 7.5) = 0.75.
    expect(alpha).toBeCloseTo(0.75, 12);
    const r = await fitVi(quadratic({ training: 'mgda', maxIter: 1, batchSize: 4, learningRate: lr }), rows(4), options());
    const w = read(r.state.w);
    // float32 arithmetic on numbers of order 1: 1e-6 absolute.
    W0.forEach((w0, i) => expect(w[i]).toBeCloseTo(w0 - lr * (alpha * g1[i] + (1 - alpha) * g2[i]), 6));
    expect(read(r.state.a)[0]).toBeCloseTo(A0 - lr * (A0 - 1), 6);
    expect(read(r.state.b)[0]).toBeCloseTo(B0 - lr * (B0 + 2), 6);
    expect(r.trace[0].extra!['mgda.background']).toBeCloseTo(alpha, 6);
    expect(r.trace[0].extra!['mgda.target']).toBeCloseTo(1 - alpha, 6);
    expect(r.trace[0].objective).toBeCloseTo(-(0.5 * dot(g1, g1) + 0.5 * (A0 - 1) ** 2 + 0.5 * dot(g2, g2) + 0.5 * (B0 + 2) ** 2), 5);
    disposeAll(r.state);
  });

  it("scales each private gradient by its task's weight with taskSpecificGrad 'scaled'", async () => {
    const lr = 0.1;
    const r = await fitVi(quadratic({ training: 'mgda', taskSpecificGrad: 'scaled', maxIter: 1, batchSize: 4, learningRate: lr }), rows(4), options());
    expect(read(r.state.a)[0]).toBeCloseTo(A0 - lr * alpha * (A0 - 1), 6);
    expect(read(r.state.b)[0]).toBeCloseTo(B0 - lr * (1 - alpha) * (B0 + 2), 6);
    disposeAll(r.state);
  });

  it('treats every variable as shared when the model has no taskVariables', async () => {
    // g₁ = (w − p, a − 1, 0), g₂ = (w − q, 0, b + 2) over all four coordinates.
    const h1 = [...g1, A0 - 1, 0];
    const h2 = [...g2, 0, B0 + 2];
    const beta = minNormPair(dot(h1, h1), dot(h1, h2), dot(h2, h2));
    const r = await fitVi(quadratic({ training: 'mgda', maxIter: 1, batchSize: 4, learningRate: 0.1 }, { taskVariables: false }), rows(4), options());
    expect(read(r.state.a)[0]).toBeCloseTo(A0 - 0.1 * beta * (A0 - 1), 6);
    expect(r.trace[0].extra!['mgda.background']).toBeCloseTo(beta, 6);
    disposeAll(r.state);
  });

  it('leaks no tensors over a fit with Adam, KL warm-up and several minibatches per epoch', async () => {
    const before = tf.memory().numTensors;
    const r = await fitVi(quadratic({ training: 'mgda', optimizer: 'adam', klWarmupEpochs: 1, maxIter: 3, batchSize: 2 }), rows(5), options());
    expect(r.trace.map((t) => Object.keys(t.extra!))).toEqual([0, 1, 2].map(() => ['mgda.background', 'mgda.target']));
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("inference/vi with training 'constrained'", () => {
  const m = [(P[0] + Q[0]) / 2, (P[1] + Q[1]) / 2];
  const norm = Math.hypot(m[0], m[1]);

  for (const [label, settings] of [
    ['additive dual update', { dualUpdate: 'additive', constraintSmoothing: 0 }],
    ['multiplicative (GECO) update with a smoothed constraint', { dualUpdate: 'multiplicative', constraintSmoothing: 0.5 }],
  ] as const)
    it(`reaches the constrained optimum w* = m/‖m‖, λ* = ‖m‖ − 1 and records λ in the trace (${label})`, async () => {
      const before = tf.memory().numTensors;
      const r = await fitVi(
        quadratic({ training: 'constrained', constraintBound: 1, dualLearningRate: 0.1, learningRate: 0.1, maxIter: 40, batchSize: 1, ...settings }),
        rows(25),
        options(),
      );
      const w = read(r.state.w);
      // 1000 steps of gradient descent–ascent, which contracts linearly here: errors far below 1e-3 (float32).
      w.forEach((wi, i) => expect(Math.abs(wi - m[i] / norm)).toBeLessThan(1e-3));
      expect(dot(w, w)).toBeLessThanOrEqual(1 + 1e-3);
      const last = r.trace.at(-1)!.extra!;
      expect(Math.abs(last.lambda - (norm - 1))).toBeLessThan(1e-3);
      expect(Math.abs(last.constraint - 1)).toBeLessThan(1e-3);
      expect(r.trace.every((t) => Number.isFinite(t.extra!.lambda) && Number.isFinite(t.extra!.constraint))).toBe(true);
      // λ starts at initialMultiplier = 1 and has moved after the first epoch.
      expect(Math.abs(r.trace[0].extra!.lambda - 1)).toBeGreaterThan(0.1);
      disposeAll(r.state);
      expect(tf.memory().numTensors).toBe(before);
    });
});

describe("inference/vi's training parameter", () => {
  it("keeps 'weighted' as the default, with no extra trace values", async () => {
    const r = await fitVi(quadratic({ maxIter: 1, batchSize: 4, learningRate: 0.1 }), rows(4), options());
    // The weighted loss L_bg + L_tg: w moves by −lr·(g₁ + g₂).
    const w = read(r.state.w);
    W0.forEach((w0, i) => expect(w[i]).toBeCloseTo(w0 - 0.1 * (2 * w0 - P[i] - Q[i]), 6));
    expect(r.trace[0].extra).toBeUndefined();
    disposeAll(r.state);
  });

  it('validates the new parameters through the registry with the stated defaults', () => {
    const specs = engineParamSpecs(vi);
    // The defaults stated in the contract: ε = 0.1, η_λ = 0.01, ρ = 0.99, λ₀ = 1, 'weighted', 'own', 'additive'.
    const d = validateParams('inference/vi', specs, vi.defaults, {});
    expect([d.training, d.taskSpecificGrad, d.dualUpdate, d.constraintBound, d.dualLearningRate, d.constraintSmoothing, d.initialMultiplier]).toEqual([
      'weighted',
      'own',
      'additive',
      0.1,
      0.01,
      0.99,
      1,
    ]);
    expect(() => validateParams('inference/vi', specs, vi.defaults, { training: 'pareto' })).toThrow(/training/);
    expect(() => validateParams('inference/vi', specs, vi.defaults, { constraintSmoothing: 1 })).toThrow(/constraintSmoothing/);
    expect(() => validateParams('inference/vi', specs, vi.defaults, { initialMultiplier: -1 })).toThrow(/initialMultiplier/);
  });

  it('refuses, in one line, models without objectives, non-pathwise estimators with mgda and a missing constraint', async () => {
    await expect(fitVi(quadratic({ training: 'mgda' }, { objectives: false }), rows(4), options())).rejects.toThrow(
      "inference/vi: training 'mgda' needs the model's objectives (ViTerms.objectives, one loss per task); this model has only a weighted loss: use training 'weighted'",
    );
    await expect(fitVi(quadratic({ training: 'mgda', estimator: 'estimators/score-function' }), rows(4), options())).rejects.toThrow(
      "inference/vi: training 'mgda' needs a pathwise gradient estimator",
    );
    await expect(fitVi(quadratic({ training: 'constrained', maxIter: 1 }, { constraint: false }), rows(4), options())).rejects.toThrow(
      "inference/vi: training 'constrained' needs a constraint, but the model's objectives returned none",
    );
    await expect(fitVi(quadratic({ training: 'constrained', dualUpdate: 'multiplicative', initialMultiplier: 0 }), rows(4), options())).rejects.toThrow(
      'initialMultiplier must be > 0 with the multiplicative dual update',
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A tiny dense network with one hidden ReLU layer shared by two tasks and one output head per task:
// h(x) = relu(xW + c) ∈ R³ (W: 2×3, c ∈ R³ shared), ŷ_k(x) = h(x)·v_k (v_bg, v_tg private), and
// L_k = (1/|rows of k|) Σ ½(ŷ_k(x_i) − y_i)². Its gradients are checked against central finite differences of a plain
// float64 forward pass, and one MGDA step against −lr·(α*g_bg + (1 − α*)g_tg) with α* from those gradients.
// ---------------------------------------------------------------------------------------------------------------

const X = [
  [1, 0.5],
  [-0.5, 1],
  [0.3, -1.2],
  [1.5, 1],
  [-1, -0.4],
  [0.2, 0.8],
];
const Y = [0.5, -1, 0.25, -2, 0.5, -1];
const GROUP = [0, 0, 0, 1, 1, 1];
const NET0 = { W: [0.8, -0.5, 0.3, 0.2, 0.9, -0.7], c: [0.1, 0.2, -0.3], v0: [1, -0.5, 0.7], v1: [-0.4, 0.6, 1.1] };
type Net = typeof NET0;

function preActivations(net: Net, x: readonly number[]) {
  return [0, 1, 2].map((j) => x[0] * net.W[j] + x[1] * net.W[3 + j] + net.c[j]);
}

function taskLoss(net: Net, k: number): number {
  const idx = GROUP.map((g, i) => (g === k ? i : -1)).filter((i) => i >= 0);
  const v = k === 0 ? net.v0 : net.v1;
  return (
    idx.reduce(
      (s, i) =>
        s +
        0.5 *
          (dot(
            preActivations(net, X[i]).map((a) => Math.max(0, a)),
            v,
          ) -
            Y[i]) **
            2,
      0,
    ) / idx.length
  );
}

/** Central differences (h = 1e-6 in float64: truncation and rounding errors near 1e-9) of task k's loss per parameter. */
function numericGrad(k: number): Net {
  const out = { W: [] as number[], c: [] as number[], v0: [] as number[], v1: [] as number[] };
  for (const key of ['W', 'c', 'v0', 'v1'] as const)
    NET0[key].forEach((_, j) => {
      const shifted = (d: number) => ({ ...NET0, [key]: NET0[key].map((x, m) => (m === j ? x + d : x)) });
      out[key].push((taskLoss(shifted(1e-6), k) - taskLoss(shifted(-1e-6), k)) / 2e-6);
    });
  return out;
}

interface NetState {
  readonly W: tf.Variable;
  readonly c: tf.Variable;
  readonly v0: tf.Variable;
  readonly v1: tf.Variable;
}

function tinyNetwork(settings: Partial<ViParams>): ModelInstance<unknown, NetState> {
  const objectives = (s: NetState, batch: Int32Array): ViObjectives => {
    const rowsOf = (k: number) => Array.from(batch).filter((i) => GROUP[i] === k);
    const tasks = [0, 1].map((k) => {
      const idx = rowsOf(k);
      const h = tf.relu(dense(tf.tensor2d(idx.map((i) => X[i])), s.W, s.c));
      const yHat = tf.squeeze(tf.matMul(h, tf.reshape(k === 0 ? s.v0 : s.v1, [3, 1])), [1]);
      return {
        name: k === 0 ? 'background' : 'target',
        loss: tf.mean(
          tf.mul(
            tf.square(
              tf.sub(
                yHat,
                idx.map((i) => Y[i]),
              ),
            ),
            0.5,
          ),
        ) as tf.Scalar,
      };
    });
    return { tasks, elbo: tf.neg(tf.add(tasks[0].loss, tasks[1].loss)) as tf.Scalar };
  };
  const terms: ViTerms<NetState, number> = {
    prepare: (d) => d.nRows,
    nRows: (n) => n,
    init: () => ({
      W: tf.variable(tf.tensor2d(NET0.W, [2, 3])),
      c: tf.variable(tf.tensor1d(NET0.c)),
      v0: tf.variable(tf.tensor1d(NET0.v0)),
      v1: tf.variable(tf.tensor1d(NET0.v1)),
    }),
    variables: (s) => [s.W, s.c, s.v0, s.v1],
    loss: () => {
      throw new Error('not used');
    },
    objectives: (s, _p, batch) => objectives(s, batch),
    taskVariables: (s) => ({ background: [s.v0], target: [s.v1] }),
    evaluate: () => ({ elbo: 0 }),
  };
  return { params: {}, terms: { vi: terms }, engineDefaults: { 'inference/vi': { optimizer: 'sgd', ...settings } }, fitted: () => ({}) as never };
}

describe('MGDA on a tiny ReLU network', () => {
  it('has no pre-activation within 0.05 of the ReLU kink, so finite differences are valid', () => {
    expect(Math.min(...X.flatMap((x) => preActivations(NET0, x).map(Math.abs)))).toBeGreaterThan(0.05);
  });

  it("computes each task's gradient as finite differences do", () => {
    const model = tinyNetwork({});
    const terms = model.terms.vi as ViTerms<NetState, number>;
    const state = terms.init(6, undefined as never);
    const batch = Int32Array.from([0, 1, 2, 3, 4, 5]);
    for (const k of [0, 1]) {
      const { grads } = tf.variableGrads(() => terms.objectives!(state, 6, batch, undefined as never).tasks[k].loss, terms.variables(state));
      const numeric = numericGrad(k);
      // float32 gradients of O(1) values against float64 central differences: 1e-5 absolute.
      for (const key of ['W', 'c', 'v0', 'v1'] as const) {
        const got = grads[state[key].name] ? read(grads[state[key].name]) : NET0[key].map(() => 0);
        got.forEach((g, j) => expect(Math.abs(g - numeric[key][j])).toBeLessThan(1e-5));
      }
      tf.dispose(grads);
    }
    disposeAll(state);
  });

  it('takes one SGD step of −lr·(α*g_bg + (1 − α*)g_tg) on the shared layer and −lr·g_k on each head', async () => {
    const lr = 0.05;
    const [n0, n1] = [numericGrad(0), numericGrad(1)];
    const shared0 = [...n0.W, ...n0.c];
    const shared1 = [...n1.W, ...n1.c];
    const alpha = minNormPair(dot(shared0, shared0), dot(shared0, shared1), dot(shared1, shared1));
    expect(alpha).toBeGreaterThan(0.01);
    expect(alpha).toBeLessThan(0.99);
    const r = await fitVi(tinyNetwork({ training: 'mgda', maxIter: 1, batchSize: 6, learningRate: lr }), rows(6), options());
    const expectStep = (got: number[], start: number[], d: number[]) => got.forEach((g, j) => expect(Math.abs(g - (start[j] - lr * d[j]))).toBeLessThan(1e-6));
    expectStep(
      read(r.state.W),
      NET0.W,
      n0.W.map((g, j) => alpha * g + (1 - alpha) * n1.W[j]),
    );
    expectStep(
      read(r.state.c),
      NET0.c,
      n0.c.map((g, j) => alpha * g + (1 - alpha) * n1.c[j]),
    );
    expectStep(read(r.state.v0), NET0.v0, n0.v0);
    expectStep(read(r.state.v1), NET0.v1, n1.v1);
    expect(r.trace[0].extra!['mgda.background']).toBeCloseTo(alpha, 4);
    disposeAll(r.state);
  });
});

describe('inference/vi with several objectives and the engine features', () => {
  it('stops within one minibatch of a cancelled MGDA fit, keeping its variables and leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const r = await fitVi(
      quadratic({ training: 'mgda', maxIter: 50, batchSize: 1, learningRate: 0.01 }),
      rows(20),
      options({ signal: controller.signal, yieldEvery: 'step', onStep: (info) => void (info.iteration === 2 && controller.abort()) }),
    );
    expect(r.cancelled).toBe(true);
    expect(r.trace).toHaveLength(2);
    expect(read(r.state.w)).not.toEqual(W0);
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('early-stops a constrained fit on the held-out ELBO, still recording λ each epoch', async () => {
    const before = tf.memory().numTensors;
    const r = await fitVi(
      quadratic({ training: 'constrained', constraintBound: 1, maxIter: 200, batchSize: 4, learningRate: 0.1, validationFraction: 0.25, patience: 3 }),
      rows(16),
      options(),
    );
    expect(r.iterations).toBeLessThan(200);
    expect(r.trace.every((t) => t.extra?.lambda !== undefined)).toBe(true);
    disposeAll(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });
});
