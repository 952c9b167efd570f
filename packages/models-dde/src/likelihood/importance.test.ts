import { ddeTwoLayer } from '@latentkit/datasets';
import { describe, expect, it } from 'vitest';
import { sampleDde } from '../fitted/dde-sample.js';
import { exactLayerPosterior, exactLogLikelihood } from './enumeration.js';
import { gibbsMarginals, importanceLogLikelihood } from './importance.js';
import { prepareFor, randomState, truthState } from './test-support.js';

/**
 * Largest accepted |IS − exact| of log p(x_i), in nats: with S = 2000 draws from the Gibbs-marginal mixture proposal
 * the per-row standard errors here are mostly 0.01–0.03 (at most ≈ 0.09; each failure prints its row's d and se), so
 * 0.08 is about 3 typical SEs plus the SE²/2 bias of the log of a mean; the 3-SE check is the sharper one per row.
 */
const ABS_TOL = 0.08;

function check(state: Parameters<typeof exactLogLikelihood>[0], data: Parameters<typeof exactLogLikelihood>[1]): void {
  const exact = exactLogLikelihood(state, data, 2 ** 12);
  const { logLik, standardError } = importanceLogLikelihood(state, data, { samples: 2000, seed: 3 });
  let diff = 0;
  let var2 = 0;
  for (let i = 0; i < data.nRows; i++) {
    const d = logLik[i] - exact[i];
    expect({ row: i, d, se: standardError[i], ok: Math.abs(d) <= ABS_TOL && Math.abs(d) <= 3 * standardError[i] + 1e-12 }).toMatchObject({ ok: true });
    diff += d;
    var2 += standardError[i] ** 2;
  }
  // The total over rows: independent rows, so its SE is √(Σ SE²).
  expect(Math.abs(diff)).toBeLessThanOrEqual(3 * Math.sqrt(var2));
}

describe('importance-sampling log-likelihood against exact enumeration', () => {
  it('on the two-layer Bernoulli simulation truth (K = [6, 2]): every row within 3 SE and 0.08 nats, the total within 3 SE', () => {
    const { data, truth } = ddeTwoLayer({ n: 25, likelihood: 'bernoulli', seed: 53 });
    const state = truthState(truth, data.columns);
    check(state, prepareFor(state, data));
  });

  it('on a random three-layer mixed Bernoulli + Normal model (K = [4, 2, 1])', () => {
    const state = randomState([4, 2, 1], [...Array(5).fill('bernoulli'), ...Array(5).fill('normal')], 11);
    check(state, prepareFor(state, sampleDde(state, 25, 12, 'test')));
  });

  it('Gibbs marginals approximate the exact layer posteriors (mean absolute error < 0.03 over 200 sweeps)', () => {
    const { data, truth } = ddeTwoLayer({ n: 40, likelihood: 'poisson', seed: 54 });
    const state = truthState(truth, data.columns);
    const prepared = prepareFor(state, data);
    const approx = gibbsMarginals(state, prepared, { sweeps: 200, seed: 1 });
    [1, 2].forEach((layer) => {
      const exact = exactLayerPosterior(state, prepared, layer, 2 ** 8);
      let err = 0;
      for (let i = 0; i < exact.length; i++) err += Math.abs(approx[layer - 1][i] - exact[i]);
      expect(err / exact.length).toBeLessThan(0.03);
    });
  });
});
