import type { DenseDataset } from '@latentkit/core';
import { ddeTwoLayer } from '@latentkit/datasets';
import { fitInfoOf, readSavedModel, savedDataOf, savedStateReader, type FitInfo } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { ddeDefaults, type DdeParams } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';
import { ebic, ebicDegreesOfFreedom, ebicModelSize } from '../likelihood/ebic.js';
import { configurationBits, linearPredictor } from '../likelihood/layer-predictors.js';
import { enumerateDde, exactLogLikelihood } from '../likelihood/enumeration.js';
import { prepareFor, randomState, truthState } from '../likelihood/test-support.js';
import { FittedDde } from './dde-fitted.js';
import { restoreDde } from './dde-restore.js';

const { data, truth } = ddeTwoLayer({ n: 200, likelihood: 'poisson', seed: 71 });
const params: DdeParams = { ...ddeDefaults, layers: [6, 2] };
const infoFor = (d = data): FitInfo => ({
  key: 'dde/dde',
  plugin: { name: '@latentkit/models-dde', version: '0.1.0' },
  engine: 'inference/em',
  seed: 0,
  iterations: 3,
  converged: true,
  fixedIterations: false,
  seconds: 0.1,
  trace: [],
  data: savedDataOf(d),
});
const fitted = new FittedDde(params, truthState(truth, data.columns), infoFor());

/** E[X_j] by enumeration: Σ_a π(a)·mean_j(a), mean σ(η), e^η or η per family. */
function exactMeans(state: DdeState): number[] {
  const e = enumerateDde(state, 2 ** 16);
  const k = e.widths[0];
  const bits = configurationBits(k);
  return state.families.map((family, j) => {
    let m = 0;
    for (let a = 0; a < e.logPrior.length; a++) {
      const eta = linearPredictor(state.layers[0], j, bits, a * k);
      m += Math.exp(e.logPrior[a]) * (family === 'bernoulli' ? 1 / (1 + Math.exp(-eta)) : family === 'poisson' ? Math.exp(eta) : eta);
    }
    return m;
  });
}

/** Each column's sample mean within 4 standard errors (its sample sd / √n) of `want`. */
function expectMeansWithin4Se(drawn: DenseDataset, want: number[]): void {
  const n = drawn.nRows;
  want.forEach((mu, j) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = drawn.values[i * drawn.nCols + j];
      s += x;
      s2 += x * x;
    }
    const m = s / n;
    expect(Math.abs(m - mu)).toBeLessThan(4 * Math.sqrt((s2 / n - m * m) / n));
  });
}

describe('FittedDde', () => {
  it('declares its shape: K_1 latents, D layers, free parameters, exact scoring', () => {
    // Slopes: B1 has 2·6 (identity blocks) + 6·2 (third block) = 24 non-zero, B2 has 2·2 + 2·2 = 8; intercepts 18 + 6;
    // top 2; no variances.
    expect([fitted.latentDim, fitted.latentLayers, fitted.nParameters, fitted.exact]).toEqual([6, 2, 24 + 8 + 24 + 2, true]);
  });

  it('score is the mean exact log-likelihood; scores adds a zero standard error; bic, aic and criteria follow from it', () => {
    const prepared = prepareFor(fitted.state, data);
    const exact = exactLogLikelihood(fitted.state, prepared, 2 ** 16);
    const total = exact.reduce((a, b) => a + b, 0);
    expect(fitted.score(data)).toBeCloseTo(total / data.nRows, 10);
    expect(fitted.scores(data)).toEqual({ logLikelihood: fitted.score(data), logLikelihoodSE: 0 });
    expect(Array.from(fitted.scoreSamples(data))).toEqual(Array.from(exact));
    expect(fitted.bic(data)).toBeCloseTo(-2 * total + 58 * Math.log(200), 8);
    expect(fitted.aic(data)).toBeCloseTo(-2 * total + 116, 8);
    const s = fitted.state;
    expect(fitted.criteria(data).ebic).toBeCloseTo(ebic(total, 200, ebicDegreesOfFreedom(s), ebicModelSize(s)), 8);
  });

  it('transform gives each layer’s posterior probabilities in [0, 1] with named columns, and rejects a bad layer', () => {
    const t1 = fitted.transform(data);
    const t2 = fitted.transform(data, { layer: 2 });
    expect([t1.nRows, t1.nCols, t1.columns[0], t2.nCols, t2.columns]).toEqual([200, 6, 'a1_1', 2, ['a2_1', 'a2_2']]);
    for (const v of [...t1.values, ...t2.values]) expect(v >= 0 && v <= 1).toBe(true);
    // The truth's Poisson posterior is sharp: rounding recovers nearly every true A^(1) bit (all 1200 here).
    let agree = 0;
    t1.values.forEach((v, i) => (agree += Math.round(v) === truth.a1[i] ? 1 : 0));
    expect(agree / t1.values.length).toBeGreaterThan(0.97);
    expect(() => fitted.transform(data, { layer: 3 })).toThrow(/^dde\/dde: transform layer must be an integer from 1 to 2, got 3$/);
  });

  it('sample: column means match the exact marginal means by enumeration within 4 SE (mixed Bernoulli + Normal, K = [4, 2, 1])', () => {
    const state = randomState([4, 2, 1], ['bernoulli', 'bernoulli', 'bernoulli', 'normal', 'normal', 'normal'], 5);
    const model = new FittedDde({ ...params, layers: [4, 2, 1] }, state, infoFor());
    const n = 20000;
    const drawn = model.sample(n, 9);
    const want = exactMeans(state);
    expect(drawn.factors?.names).toEqual(['a1_1', 'a1_2', 'a1_3', 'a1_4', 'a2_1', 'a2_2', 'a3_1']);
    expectMeansWithin4Se(drawn, want);
  });

  it('sample of the Poisson truth: column means within 4 SE of the exact means', () => {
    const n = 20000;
    const drawn = fitted.sample(n, 3);
    expectMeansWithin4Se(drawn, exactMeans(fitted.state));
  });

  it('beyond maxStates it scores by importance sampling with a standard error, close to the exact value', () => {
    const capped = new FittedDde({ ...params, maxStates: 128 }, fitted.state, fitted.info);
    const small = { ...data, nRows: 20, values: data.values.subarray(0, 20 * data.nCols) };
    const { logLikelihood, logLikelihoodSE } = capped.scores(small);
    expect(capped.exact).toBe(false);
    expect(logLikelihoodSE).toBeGreaterThan(0);
    expect(Math.abs(logLikelihood - fitted.score(small))).toBeLessThan(Math.max(4 * logLikelihoodSE, 0.02));
    expect(capped.transform(small, { layer: 2 }).nCols).toBe(2);
  });
});

describe('restoreDde', () => {
  const normal = ddeTwoLayer({ n: 50, likelihood: 'normal', seed: 72 });
  const normalFitted = new FittedDde(params, truthState(normal.truth, normal.data.columns), infoFor(normal.data));
  const saved = () => JSON.parse(JSON.stringify(normalFitted.toJSON())) as ReturnType<typeof normalFitted.toJSON>;
  const restore = (state: unknown) => restoreDde({ params, state, info: fitInfoOf(readSavedModel(saved(), 'test.json')), reader: savedStateReader('dde/dde') });

  it('round-trips: restore(toJSON) gives identical scores and transforms', () => {
    const back = restore(saved().state);
    expect(back.scores(normal.data)).toEqual(normalFitted.scores(normal.data));
    for (const layer of [1, 2]) expect(back.transform(normal.data, { layer })).toEqual(normalFitted.transform(normal.data, { layer }));
    expect(back.toJSON().state).toEqual(normalFitted.toJSON().state);
  });

  type Mutable = { layers: { coefficients: number[][]; graph: number[][] }[]; topProbabilities: number[]; variances: (number | null)[]; families: string[] };
  const broken = (edit: (s: Mutable) => void) => {
    const s = saved().state as Mutable;
    edit(s);
    return () => restore(s);
  };
  const cases: [string, (s: Mutable) => void, RegExp][] = [
    ['a layer with the wrong child count', (s) => s.layers[1].coefficients.pop(), /state\.layers\[1\]\.coefficients must have 6 rows/],
    [
      'widths not strictly decreasing',
      (s) => (s.layers[1] = { coefficients: s.layers[0].coefficients.slice(0, 6), graph: s.layers[0].graph.slice(0, 6) }),
      /state\.layers\[1\] has 6 latents; expected fewer than the 6/,
    ],
    ['a graph entry that is not 0/1', (s) => (s.layers[0].graph[0][0] = 2), /state\.layers\[0\]\.graph\[0\]\[0\] is 2; expected 0 or 1/],
    ['a graph that disagrees with the slopes', (s) => (s.layers[0].graph[0][1] = 1), /state\.layers\[0\]\.graph\[0\]\[1\] is 1 but the slope is 0/],
    ['a top probability of 1', (s) => (s.topProbabilities[1] = 1), /state\.topProbabilities\[1\] is 1; expected a probability in \(0, 1\)/],
    ['a zero variance', (s) => (s.variances[3] = 0), /state\.variances\[3\] is 0; expected a variance > 0 for a Normal column/],
    ['an unknown family', (s) => (s.families[0] = 'gamma'), /state\.families\[0\] is "gamma"; expected one of bernoulli, poisson, normal/],
    ['missing variances for Normal columns', (s) => delete (s as Partial<Mutable>).variances, /state\.variances must have 18 entries/],
  ];
  cases.forEach(([name, edit, message]) =>
    it(`rejects ${name} in one line`, () => {
      expect(broken(edit)).toThrow(message);
      try {
        broken(edit)();
      } catch (e) {
        expect((e as Error).message).toMatch(/^dde\/dde model file: [^\n]+$/);
      }
    }),
  );
});
