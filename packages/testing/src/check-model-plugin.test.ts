import { initBackend } from '@latentkit/core';
import { em } from '@latentkit/inference';
import type { EmTerms, Fitted, HeatmapView, ModelInstance, ModelPlugin } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { checkModelPlugin } from './check-model-plugin.js';
import type { ModelPluginFixtures } from './fixtures.js';
import { setupFit } from './fixtures.js';
import { checkCancellation } from './model-checks/cancellation.js';
import { checkCapabilities, checkViews } from './model-checks/capabilities.js';
import { checkContractShape } from './model-checks/contract-shape.js';
import { checkDefaults } from './model-checks/defaults.js';
import { checkDeterminism } from './model-checks/determinism.js';
import { checkFit, traceProblems } from './model-checks/fit-trace.js';
import { checkJsonRoundTrip } from './model-checks/json-round-trip.js';
import { checkNoLeaks, checkNoLeaksOnCancel } from './model-checks/leaks.js';
import { checkSample, checkScores, checkTransform } from './model-checks/shapes.js';
import { checkInvalidParams, checkParameterRanges, checkUnknownParameter, outOfRangeValues } from './model-checks/validation.js';
import { toyMixture } from './toy/toy-mixture.js';
import { toyMixtureData } from './toy/toy-mixture-data.js';
import type { ToyMixtureParams } from './toy/toy-mixture-params.js';
import type { ToyMixtureState } from './toy/toy-mixture-terms.js';

const fixtures: ModelPluginFixtures = {
  data: () => toyMixtureData({ nRows: 60, seed: 1 }),
  params: { nComponents: 2, maxIter: 30 },
  engines: [em],
  packageJson: pkg,
  invalidParams: [
    { params: { nComponents: 0 }, message: /nComponents=0 is invalid: expected an integer >= 1 and <= 10/ },
    { params: { init: 'kmeans' }, message: /init='kmeans' is invalid: expected one of 'random', 'first-rows'/ },
  ],
};

checkModelPlugin(toyMixture, fixtures);

describe('with three restarts on 2-D data', () => {
  checkModelPlugin(toyMixture, {
    data: toyMixtureData({
      nRows: 45,
      seed: 2,
      means: [
        [0, 0],
        [3, 0],
        [0, 3],
      ],
    }),
    params: { nComponents: 3, nInit: 3, maxIter: 15 },
    engines: [em],
  });
});

// ---------------------------------------------------------------------------------------------
// Broken variants of the toy plugin: each check must reject the one it is meant to catch.
// ---------------------------------------------------------------------------------------------

type ToyInstance = ModelInstance<ToyMixtureParams, ToyMixtureState>;
type ToyEm = EmTerms<ToyMixtureState, any, any>;

/** The toy plugin with a different `create` built from the original instance (a fresh one per fit). */
function variant(change: (instance: ToyInstance) => Partial<ToyInstance>, extra: Partial<ModelPlugin> = {}): ModelPlugin {
  return {
    ...toyMixture,
    ...extra,
    create: (params: ToyMixtureParams) => {
      const instance = toyMixture.create(params);
      return { ...instance, ...change(instance) };
    },
  };
}

const withTerms = (change: (em: ToyEm) => Partial<ToyEm>): ModelPlugin => variant((i) => ({ terms: { em: { ...i.terms.em!, ...change(i.terms.em!) } } }));

/** The toy plugin whose fitted models have some members replaced (the rest inherited from the real one). */
const withFitted = (overrides: (f: Fitted<any>) => Partial<Fitted<any>>): ModelPlugin =>
  variant((i) => ({
    fitted: (result, data, info) => {
      const f = i.fitted(result, data, info);
      // defineProperties, not assign: an override may replace a getter (latentDim) with a value.
      return Object.defineProperties(Object.create(f), Object.getOwnPropertyDescriptors(overrides(f)));
    },
  }));

beforeAll(async () => {
  await initBackend();
});

describe('the checks catch broken plugins', () => {
  it('a plugin whose M-step leaks a tensor per iteration fails checkNoLeaks and checkNoLeaksOnCancel', async () => {
    const leaky = withTerms((t) => ({ mStep: (s, st, d) => (tf.keep(tf.zeros([1])), t.mStep(s, st, d)) }));
    await expect(checkNoLeaks(leaky, fixtures)).rejects.toThrow(/toy\/mixture leaks tensors: fit \+ dispose\(\) changed tf.memory\(\).numTensors by \d+/);
    await expect(checkNoLeaksOnCancel(leaky, fixtures)).rejects.toThrow(/a cancelled fit \+ dispose\(\) changed tf.memory\(\).numTensors by 2/);
  });

  it('a plugin whose transform leaks fails checkNoLeaks naming transform', async () => {
    const leaky = withFitted((f) => ({ transform: (d) => (tf.keep(tf.ones([2])), f.transform(d)) }));
    await expect(checkNoLeaks(leaky, fixtures)).rejects.toThrow(/transform\(data\) changed tf.memory\(\).numTensors by 1/);
  });

  it('a plugin whose dispose frees nothing fails checkNoLeaks', async () => {
    await expect(
      checkNoLeaks(
        withFitted(() => ({ dispose: () => {} })),
        fixtures,
      ),
    ).rejects.toThrow(/fit \+ dispose\(\) changed tf.memory\(\).numTensors by 2/);
  });

  it('a plugin whose objective decreases fails checkFit', async () => {
    const decreasing = withTerms((t) => {
      let calls = 0;
      return { eStep: (s, d) => ({ ...t.eStep(s, d), objective: -calls++ }) };
    });
    await expect(checkFit(decreasing, fixtures)).rejects.toThrow(/objective decreased from -1 to -2 at iteration 3/);
    await expect(checkFit(decreasing, { ...fixtures, monotone: false })).resolves.toBeUndefined();
  });

  it('a plugin whose initialisation depends on hidden state (as with Math.random) fails checkDeterminism', async () => {
    // Every fit starts from rows shifted by one more than the last: the seed no longer fixes the start.
    let fits = 0;
    const rotated = (n: number) => Int32Array.from({ length: n }, (_, i) => (i + fits) % n);
    const hidden = withTerms((t) => ({ init: (d, rng) => (fits++, t.init(d, Object.assign(Object.create(rng), { permutation: rotated }))) }));
    await expect(checkDeterminism(hidden, fixtures)).rejects.toThrow(/different traces/);
  });

  it('a plugin that restores without its state fails checkJsonRoundTrip', async () => {
    const forgetful: ModelPlugin = {
      ...toyMixture,
      restore: (saved) =>
        toyMixture.restore!({
          ...saved,
          state: { ...(saved.state as object), means: (saved.state as { means: number[][] }).means.map((r) => r.map(() => 0)) },
        }),
    };
    await expect(checkJsonRoundTrip(forgetful, fixtures)).rejects.toThrow(/score after a JSON round trip is not close/);
  });

  it('a plugin that saves format 1, or no provenance, fails checkJsonRoundTrip', async () => {
    await expect(
      checkJsonRoundTrip(
        withFitted((f) => ({ toJSON: () => ({ ...f.toJSON(), formatVersion: 1 }) })),
        fixtures,
      ),
    ).rejects.toThrow(/toJSON\(\) has formatVersion 1; expected 2/);
    await expect(
      checkJsonRoundTrip(
        withFitted((f) => ({ toJSON: () => ({ ...f.toJSON(), provenance: undefined }) })),
        fixtures,
      ),
    ).rejects.toThrow(/toJSON\(\) has no provenance/);
    const otherData = withFitted((f) => ({ toJSON: () => ({ ...f.toJSON(), provenance: { ...f.toJSON().provenance!, dataHash: 'sha256:0' } }) }));
    await expect(checkJsonRoundTrip(otherData, fixtures)).rejects.toThrow(/provenance.dataHash sha256:0 is not dataHash\(data\) sha256:[0-9a-f]{64}/);
  });

  it('a plugin whose capabilities disagree fails checkCapabilities', async () => {
    await expect(
      checkCapabilities(
        withFitted(() => ({ latentDim: 3 })),
        fixtures,
      ),
    ).rejects.toThrow(/transform\(data\).nCols must equal latentDim/);
    await expect(
      checkCapabilities(
        withFitted((f) => ({ scoreSamples: (d) => f.scoreSamples!(d).map((v) => v + 0.01) })),
        fixtures,
      ),
    ).rejects.toThrow(/mean of scoreSamples\(data\) vs score\(data\) is not close/);
    // p = K·D + K − 1 = 3 for K = 2, D = 1; one parameter too many moves BIC by log 60 ≈ 4.1.
    await expect(
      checkCapabilities(
        withFitted((f) => ({ bic: (d) => f.bic!(d) + Math.log(60) })),
        fixtures,
      ),
    ).rejects.toThrow(/bic\(data\) vs −2N·score \+ p log N is not close/);
    await expect(
      checkCapabilities(
        withFitted((f) => ({ predict: (d) => f.predict!(d).map(() => 2) })),
        fixtures,
      ),
    ).rejects.toThrow(/predict\(data\)\[0\] = 2 is not a component index in \[0, 2\)/);
  });

  it('a plugin with a malformed or typed-array view fails checkViews', async () => {
    const short = withFitted((f) => ({ views: () => [{ ...(f.views!()[0] as HeatmapView), values: [1, 2, 3] }] }));
    await expect(checkViews(short, fixtures)).rejects.toThrow(/views\(\) has malformed views: heatmap 'Component means': values has 3 values; expected 2/);
    const typed = withFitted((f) => ({ views: () => [{ ...(f.views!()[0] as HeatmapView), values: new Float64Array(2) as unknown as number[] }] }));
    await expect(checkViews(typed, fixtures)).rejects.toThrow(/values must be a plain array of numbers/);
  });

  it('a plugin that saves without its parameters fails checkJsonRoundTrip', async () => {
    await expect(
      checkJsonRoundTrip(
        withFitted((f) => ({ toJSON: () => ({ ...f.toJSON(), params: {} }) })),
        fixtures,
      ),
    ).rejects.toThrow(/toJSON\(\)\.params/);
  });

  it('a plugin whose transform has fewer column names than columns fails checkTransform', async () => {
    const bad = withFitted((f) => ({ transform: (d) => ({ ...f.transform(d), columns: ['only'] }) }));
    await expect(checkTransform(bad, fixtures)).rejects.toThrow(/nCols must equal columns.length/);
  });

  it('a plugin whose transform returns NaN fails checkTransform', async () => {
    const bad = withFitted((f) => ({ transform: (d) => ({ ...f.transform(d), values: f.transform(d).values.map((v, i) => (i === 7 ? NaN : v)) }) }));
    await expect(checkTransform(bad, fixtures)).rejects.toThrow(/values\[7\] = NaN is not finite/);
  });

  it('a plugin whose scores() disagree with scoreNames or score() fails checkScores', async () => {
    await expect(
      checkScores(
        withFitted((f) => ({ scores: (d) => ({ logLik: f.score(d) }) })),
        fixtures,
      ),
    ).rejects.toThrow(/keys of scores\(data\) must be scoreNames/);
    await expect(
      checkScores(
        withFitted((f) => ({ scores: (d) => ({ ...f.scores(d), logLikelihood: f.score(d) + 1e-3 }) })),
        fixtures,
      ),
    ).rejects.toThrow(/scores\(data\).logLikelihood vs score\(data\) is not close/);
  });

  it('a plugin that samples the wrong number of rows fails checkSample', async () => {
    await expect(
      checkSample(
        withFitted((f) => ({ sample: (n, s) => f.sample(n - 1, s) })),
        fixtures,
      ),
    ).rejects.toThrow(/sample\(5, seed\).nRows/);
  });

  it('a plugin that reports maxIter iterations after a cancel fails checkCancellation', async () => {
    const bad = variant((i) => ({ fitted: (result, data, info) => i.fitted({ ...result, iterations: 5 }, data, { ...info, iterations: 5 }) }));
    await expect(checkCancellation(bad, fixtures)).rejects.toThrow(/iterations after aborting at iteration 2/);
  });

  it('contract problems fail checkContractShape', async () => {
    await expect(checkContractShape({ ...toyMixture, meta: { ...toyMixture.meta, id: 'Mixture' } }, fixtures)).rejects.toThrow(/kebab-case/);
    await expect(checkContractShape({ ...toyMixture, meta: { ...toyMixture.meta, apiVersion: 99 } }, fixtures)).rejects.toThrow(/meta.apiVersion/);
    await expect(checkContractShape(toyMixture, { ...fixtures, packageJson: { name: pkg.name, version: '9.9.9' } })).rejects.toThrow(
      /meta.version must be the package version/,
    );
    await expect(checkContractShape({ ...toyMixture, supports: [] }, fixtures)).rejects.toThrow(/supports must list at least one inference engine key/);
  });

  it('missing, extra and invalid defaults fail checkDefaults', async () => {
    const { nInit: _n, ...withoutNInit } = toyMixture.defaults as ToyMixtureParams;
    await expect(checkDefaults({ ...toyMixture, defaults: withoutNInit }, fixtures)).rejects.toThrow(/parameters without a default/);
    await expect(checkDefaults({ ...toyMixture, defaults: { ...toyMixture.defaults, seedling: 1 } }, fixtures)).rejects.toThrow(
      /defaults for parameters that params does not declare/,
    );
    await expect(checkDefaults({ ...toyMixture, defaults: { ...toyMixture.defaults, nComponents: 0 } }, fixtures)).rejects.toThrow(
      /a default value fails the plugin's own parameter specs: toy\/mixture: parameter nComponents=0 is invalid/,
    );
    await expect(
      checkDefaults(
        variant(() => ({ terms: {} })),
        fixtures,
      ),
    ).rejects.toThrow(/lists inference\/em in supports but lacks the terms it requires/);
  });

  it('checkInvalidParams fails when an entry is accepted or its message does not match', async () => {
    await expect(checkInvalidParams(toyMixture, { ...fixtures, invalidParams: [{ params: { nComponents: 3 }, message: /x/ }] })).rejects.toThrow(
      /toy\/mixture with \{"nComponents":3\} was accepted; expected a ParamError/,
    );
    await expect(checkInvalidParams(toyMixture, { ...fixtures, invalidParams: [{ params: { nComponents: 0 }, message: /nInit/ }] })).rejects.toThrow(
      /nComponents/,
    );
  });

  it('a plugin whose spec forgets its bounds passes the range check vacuously but fails checkInvalidParams', async () => {
    const unbounded: ModelPlugin = { ...toyMixture, params: { ...toyMixture.params, nComponents: { type: 'number' } } };
    await expect(checkParameterRanges(unbounded, fixtures)).resolves.toBeUndefined();
    await expect(checkInvalidParams(unbounded, fixtures)).rejects.toThrow(/nComponents":0\} was accepted/);
  });

  it('the validation checks pass on the toy plugin, and outOfRangeValues probes every bound', async () => {
    await expect(checkUnknownParameter(toyMixture, fixtures)).resolves.toBeUndefined();
    await expect(checkParameterRanges(toyMixture, fixtures)).resolves.toBeUndefined();
    expect(outOfRangeValues(toyMixture.params.nComponents)).toEqual([0, 11, 1.5]);
    expect(outOfRangeValues(toyMixture.params.variance)).toEqual([0]);
    expect(outOfRangeValues(toyMixture.params.tol)).toEqual([-1]);
    expect(outOfRangeValues(toyMixture.params.init)).toEqual(['not-one-of-the-options']);
    expect(outOfRangeValues({ type: 'boolean' })).toEqual([]);
  });

  it('fit-based checks without an engine explain how to pass one', async () => {
    await expect(setupFit(toyMixture, { ...fixtures, engines: [] })).rejects.toThrow(
      "toy/mixture supports inference/em, but none of these engines is in fixtures.engines; pass them, e.g. `import { em } from '@latentkit/inference'` and `engines: [em]`",
    );
  });
});

describe('traceProblems', () => {
  // Default tolerance: 1e-7 + 1e-6·|previous|; at previous = −2 that allows a decrease of 2.1e-6.
  it('allows a decrease within atol + rtol·|previous| and reports a larger one', () => {
    const trace = (b: number) => [
      { iteration: 1, objective: -2 },
      { iteration: 2, objective: b },
    ];
    expect(traceProblems(trace(-2 - 2.0e-6), true)).toEqual([]);
    expect(traceProblems(trace(-2 - 2.2e-6), true)).toHaveLength(1);
    expect(traceProblems(trace(-3), false)).toEqual([]);
    expect(traceProblems(trace(-2 - 2.2e-6), true, 1e-5)).toEqual([]);
    expect(traceProblems(trace(-2.5), true, { rtol: 0.3, atol: 0 })).toEqual([]);
  });

  it('does not compare the last iteration of one restart with the first of the next', () => {
    const trace = [
      { iteration: 1, objective: -1, restart: 0 },
      { iteration: 1, objective: -5, restart: 1 },
      { iteration: 2, objective: -6, restart: 1 },
    ];
    expect(traceProblems(trace, true)).toEqual(['objective decreased from -5 to -6 at iteration 2 of restart 1 (by 1, allowed 0.0000051)']);
  });

  it('reports non-finite objectives', () => {
    expect(traceProblems([{ iteration: 1, objective: NaN }], false)).toEqual(['objective is NaN at iteration 1']);
  });
});
