import { initBackend, type DenseDataset } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOG_SCALE } from '../common/likelihood.js';
import type { Batch } from '../common/vae-data.js';
import { toVariables, disposeWeights, type WeightValues } from '../nn/weights.js';
import { cvaeObjectives } from './cvae-objectives.js';
import { cvaeDefaults, type CvaeParams } from './cvae-params.js';
import { cvaeRows, elboOfRows } from './cvae-forward.js';
import { groupCodes } from './cvae-groups.js';

beforeAll(async () => {
  await initBackend();
});

// A tiny network: d = 1, one hidden unit (identity on positives), sharedDim = salientDim = 1.
const params: CvaeParams = { ...cvaeDefaults, sharedDim: 1, salientDim: 1, hiddenUnits: [1] };
const w = (shape: number[], ...v: number[]) => ({ shape, values: Float32Array.from(v) });
const values: WeightValues = {
  'encz.w0': w([1, 1], 1),
  'encz.b0': w([1], 1),
  'encz.w1': w([1, 2], 0.5, -0.2), // μ_z = 0.5 h, log σ_z = −0.2 h
  'encz.b1': w([2], 0, 0),
  'enct.w0': w([1, 1], 1),
  'enct.b0': w([1], 1),
  'enct.w1': w([1, 2], -1, 0.1), // μ_t = −h, log σ_t = 0.1 h
  'enct.b1': w([2], 0, 0),
  'dec.w0': w([2, 1], 1, 2), // h = ReLU(z + 2t + 1)
  'dec.b0': w([1], 1),
  'dec.w1': w([1, 1], 3), // mean = 3h − 1
  'dec.b1': w([1], -1),
  [LOG_SCALE]: w([1], Math.log(0.5)),
};

/** The per-row ELBO by hand, at the posterior means (the draw returns the location): Gaussian log density − KLs. */
function byHand(x: number, target: number): number {
  const h = Math.max(0, x + 1);
  const [mz, lz, mt, lt] = [0.5 * h, -0.2 * h, -h, 0.1 * h];
  const hd = Math.max(0, mz + 2 * target * mt + 1);
  const mean = 3 * hd - 1;
  const s = 0.5;
  const ll = -0.5 * Math.log(2 * Math.PI) - Math.log(s) - 0.5 * ((x - mean) / s) ** 2;
  const kl = (m: number, l: number) => 0.5 * (m * m + Math.exp(2 * l) - 2 * l - 1);
  return ll - kl(mz, lz) - target * kl(mt, lt);
}

const xs = [0.3, -0.4, 1.2, 0.7];
const target = Float32Array.from([0, 1, 0, 1]);
const batch = (): Batch => {
  const x = tf.tensor2d(xs, [4, 1]);
  return { size: 4, x, xEnc: x, logNorm: null, target };
};

describe('contrastive ELBO of a tiny network against a hand computation (float32: values up to 35 carry ~4e-6 rounding, so 4–5 decimals)', () => {
  it('background rows decode with t = 0 and have no KL_t; target rows have both', () => {
    const weights = toVariables(values);
    const got = tf.tidy(() => elboOfRows(cvaeRows(weights, params, batch(), 1, (loc) => loc)).arraySync());
    xs.forEach((x, i) => expect(got[i]).toBeCloseTo(byHand(x, target[i]), 4));
    disposeWeights(weights);
  });

  it('objectives: the tasks are the mean negative ELBO over each group and the ELBO is the mean over rows', () => {
    const weights = toVariables(values);
    const before = tf.memory().numTensors;
    const [bg, tg, elbo] = tf.tidy(() => {
      const o = cvaeObjectives(
        params,
        cvaeRows(weights, params, batch(), 1, (loc) => loc),
        target,
        1,
        1,
      );
      expect(o.tasks.map((t) => t.name)).toEqual(['background', 'target']);
      expect(o.constraint).toBeUndefined();
      return [o.tasks[0].loss.dataSync()[0], o.tasks[1].loss.dataSync()[0], o.elbo.dataSync()[0]];
    });
    const e = xs.map((x, i) => byHand(x, target[i]));
    expect(bg).toBeCloseTo(-(e[0] + e[2]) / 2, 5);
    expect(tg).toBeCloseTo(-(e[1] + e[3]) / 2, 5);
    expect(elbo).toBeCloseTo(e.reduce((a, b) => a + b, 0) / 4, 5);
    expect(tf.memory().numTensors).toBe(before);
    disposeWeights(weights);
  });

  it('constrained objectives carry R as the constraint; mgda adds λ·R to the task whose rows it reads', () => {
    const weights = toVariables(values);
    const run = (p: CvaeParams) =>
      tf.tidy(() => {
        const o = cvaeObjectives(
          p,
          cvaeRows(weights, p, batch(), 1, (loc) => loc),
          target,
          1,
          1,
        );
        return { tasks: o.tasks.map((t) => t.loss.dataSync()[0]), constraint: o.constraint?.dataSync()[0] };
      });
    const plain = run(params);
    const constrained = run({ ...params, regularizer: 'wasserstein', training: 'constrained' });
    // Wasserstein on the background rows x = 0.3, 1.2: μ_t = −h, σ_t² = e^{0.2h}.
    const wbg = [0.3, 1.2].map((x) => (x + 1) ** 2 + Math.exp(0.2 * (x + 1))).reduce((a, b) => a + b) / 2;
    expect(constrained.tasks).toEqual(plain.tasks);
    expect(constrained.constraint).toBeCloseTo(wbg, 4);
    const mgda = run({ ...params, regularizer: 'wasserstein', training: 'mgda', regularizerWeight: 2 });
    expect(mgda.tasks[0]).toBeCloseTo(plain.tasks[0] + 2 * wbg, 4);
    expect(mgda.tasks[1]).toBeCloseTo(plain.tasks[1], 5);
    disposeWeights(weights);
  });
});

describe('row groups', () => {
  const ds = (groups?: string[]): DenseDataset => ({
    kind: 'dense',
    nRows: groups?.length ?? 4,
    nCols: 1,
    values: new Float64Array(groups?.length ?? 4),
    columns: ['x'],
    source: 'd.csv',
    ...(groups && { groups: { name: 'condition', values: groups } }),
  });
  const shared = { background: 'background', salientBlocks: 'shared' } as const;
  const perGroup = { background: 'background', salientBlocks: 'per-group' } as const;
  const fit =
    (g?: string[], p: typeof shared | typeof perGroup = shared) =>
    () =>
      groupCodes(ds(g), p, 'contrastive/cvae', 'fit');
  it("codes every target row 1 with a shared block, and target group g as g (order of first appearance) with 'per-group'", () => {
    const g = ['background', 'b', 'a', 'background', 'a', 'b'];
    expect(fit(g)()).toEqual({ codes: Float32Array.from([0, 1, 1, 0, 1, 1]), names: ['b', 'a'] });
    expect(fit(g, perGroup)()).toEqual({ codes: Float32Array.from([0, 1, 2, 0, 2, 1]), names: ['b', 'a'] });
  });
  it('maps new data by the fitted names, and refuses a group unseen in training naming the known groups', () => {
    const known = ['b', 'a'];
    expect(groupCodes(ds(['a', 'background', 'a']), perGroup, 'k', 'score', known)).toEqual({ codes: Float32Array.from([2, 0, 2]), names: known });
    expect(() => groupCodes(ds(['a', 'c']), perGroup, 'k', 'transform', known)).toThrow(
      new Error(
        "k: group column 'condition' of d.csv has the group 'c', unseen in training; the model knows the background 'background' and the target groups 'b', 'a'",
      ),
    );
    expect(() => groupCodes(ds(['c', 'c']), shared, 'k', 'score', known)).toThrow(/the group 'c', unseen in training/);
  });
  it('refuses bad groups in one line each', () => {
    expect(fit()).toThrow(/^contrastive\/cvae needs row groups: give --group <column>$/);
    expect(fit(['background', 'background', 'background'])).toThrow(/background-only file/);
    expect(fit(['a', 'a', 'a'])).toThrow(/one group only \('a'\)/);
    expect(fit(['a', 'b', 'a'])).toThrow(
      /^contrastive\/cvae: no row of group column 'condition' of d.csv has the background value 'background' \(values found: 'a', 'b'\); set background=<value>$/,
    );
    expect(fit(['background', 'a', 'a'])).toThrow(
      new Error("contrastive/cvae: group column 'condition' of d.csv has too few rows in group 'background' (1 row); expected at least 2 rows in every group"),
    );
    expect(fit(['background', 'background', 'a', 'a', 'b'], perGroup)).toThrow(/too few rows in group 'b' \(1 row\)/);
    for (const f of [fit(), fit(['a', 'a']), fit(['background', 'a', 'a'])]) expect(f).toThrow(/^[^\n]+$/);
  });
  it('transform works without groups; scoring needs them', () => {
    expect(groupCodes(ds(), shared, 'k', 'transform')).toBeNull();
    expect(() => groupCodes(ds(), shared, 'k', 'score')).toThrow(/needs row groups/);
  });
});
