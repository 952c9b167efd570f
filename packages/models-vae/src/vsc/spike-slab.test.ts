import { createRng, initBackend } from '@latentkit/core';
import { expectClose } from '@latentkit/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateSlabKl, mixtureLogDensity, pseudoInputKl, spikeSlabKl, spikeSlabLogDensity, spikeSlabPairKl, type SpikeSlab } from './spike-slab.js';

// Posteriors Q (3 rows), pseudo-input components P (J = 3) and α of tooling/reference/vsc_reference.py.
const ALPHA = 0.2;
const Q = {
  loc: [
    [0.3, -1.2, 0.0, 2.0],
    [-0.7, 0.4, 1.1, -0.2],
    [1.5, 0.1, -0.6, 0.8],
  ],
  logScale: [
    [-0.5, 0.2, -1.0, 0.0],
    [0.1, -0.3, -0.8, 0.4],
    [-1.5, 0.3, 0.0, -0.2],
  ],
  slab: [
    [0.9, 0.3, 0.05, 0.6],
    [0.5, 0.97, 0.2, 0.4],
    [0.15, 0.7, 0.85, 0.02],
  ],
};
const P = {
  loc: [
    [0.0, -1.0, 0.5, 1.5],
    [-0.5, 0.0, 1.0, 0.0],
    [1.0, 0.5, -1.0, 0.3],
  ],
  logScale: [
    [0.0, -0.4, 0.3, -0.2],
    [-0.6, 0.2, 0.0, 0.5],
    [0.4, -0.1, -0.5, 0.0],
  ],
  slab: [
    [0.6, 0.4, 0.1, 0.5],
    [0.3, 0.9, 0.25, 0.35],
    [0.2, 0.5, 0.7, 0.1],
  ],
};
// Draws at which the densities are compared (zeros are spikes).
const Z = [
  [0.5, 0.0, -1.0, 0.0],
  [0.0, 0.3, 0.0, 2.0],
  [1.0, -0.5, 0.2, 0.0],
];
// Output of tooling/reference/vsc_reference.py (float64; slab KLs by numerical quadrature, not the closed form).
const REF = {
  pairKl: [
    [0.8568697363633675, 3.815822269002278, 4.982196128196054],
    [4.34529995724109, 0.9014191808869197, 3.3775217989486497],
    [4.959051033066129, 3.533732116006832, 1.1337446725833045],
  ],
  fixedKl: [3.313947422781421, 2.33282226403146, 2.2865077261610676],
  bound: [1.889664842931529, 1.8902709888288065, 2.1257195010477212],
  mixKl: [1.603987922577444, 1.3798739110440152, 1.3515158230126445],
  mixKlSe: [0.002211954722562664, 0.002253437259603198, 0.002117484910428156],
  aggregate: 0.45187021986961284,
  logQ: [-8.460829217468554, -4.897404424807993, -6.92281037514931],
  logMix: [-5.562060885815889, -5.7866736989815735, -8.206960634117962],
  logFixed: [-6.128039993905965, -7.548039993905965, -8.45327288823053],
};

const spikeSlab = (v: typeof Q): SpikeSlab => ({ loc: tf.tensor2d(v.loc), logScale: tf.tensor2d(v.logScale), slab: tf.tensor2d(v.slab) });
const read = (f: () => tf.Tensor): number[] => {
  const t = tf.tidy(f);
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

/** log of the spike-and-slab density at z (Lebesgue measure plus a point mass at 0), float64. */
function logSpikeSlab(z: number, loc: number, logScale: number, slab: number): number {
  if (z === 0) return Math.log1p(-slab);
  const u = (z - loc) / Math.exp(logScale);
  return Math.log(slab) - 0.5 * u * u - logScale - 0.5 * Math.log(2 * Math.PI);
}

describe('spike-and-slab KL terms of vae/vsc', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('matches the quadrature reference for every posterior–component pair, the fixed prior and the sparsity term', () => {
    const before = tf.memory().numTensors;
    const pair = read(() => spikeSlabPairKl(spikeSlab(Q), spikeSlab(P)));
    const fixed = read(() => spikeSlabKl(spikeSlab(Q), ALPHA));
    const aggregate = read(() => aggregateSlabKl(tf.tensor2d(P.slab), ALPHA));
    expect(tf.memory().numTensors).toBe(before);
    // float32: each of the 4 summed terms is O(1) with a relative rounding error of a few 1e-7 (log, exp, division),
    // and the quadrature reference is accurate to 1e-12, so 1e-5 relative and absolute leaves a margin of ~10.
    expectClose(pair, REF.pairKl.flat(), { rtol: 1e-5, atol: 1e-5, label: 'KL(q_i ‖ p_j)' });
    expectClose(fixed, REF.fixedKl, { rtol: 1e-5, atol: 1e-5, label: 'KL(q_i ‖ fixed prior)' });
    expectClose(aggregate, [REF.aggregate], { rtol: 1e-5, atol: 1e-6, label: 'K·KL(Bernoulli(γ̄) ‖ Bernoulli(α))' });
  });

  it('bounds the KL to the pseudo-input mixture from above by −log mean_j exp(−KL_j)', () => {
    const before = tf.memory().numTensors;
    const bound = read(() => pseudoInputKl(spikeSlab(Q), spikeSlab(P)));
    expect(tf.memory().numTensors).toBe(before);
    expectClose(bound, REF.bound, { rtol: 1e-5, atol: 1e-5, label: 'mixture KL bound' });
    for (let i = 0; i < 3; i++) {
      // The exact KL to the mixture is estimated by Monte Carlo in the reference: the bound may not fall below it by
      // more than 4 standard errors (it is above it by 0.29 to 0.77 nats here).
      expect(bound[i]).toBeGreaterThan(REF.mixKl[i] - 4 * REF.mixKlSe[i]);
      const min = Math.min(...REF.pairKl[i]);
      expect(bound[i]).toBeGreaterThanOrEqual(min - 1e-5);
      expect(bound[i]).toBeLessThanOrEqual(min + Math.log(3) + 1e-5);
    }
  });

  it('evaluates spike-and-slab log-densities of the posterior, the pseudo-input mixture and the fixed prior like scipy', () => {
    const before = tf.memory().numTensors;
    const z = () => tf.tensor2d(Z);
    const active = () => tf.cast(tf.notEqual(tf.tensor2d(Z), 0), 'float32') as tf.Tensor2D;
    const logQ = read(() => spikeSlabLogDensity(z(), active(), spikeSlab(Q)));
    const logMix = read(() => mixtureLogDensity(z(), active(), spikeSlab(P)));
    const logFixed = read(() => spikeSlabLogDensity(z(), active(), { loc: 0, logScale: 0, slab: ALPHA }));
    expect(tf.memory().numTensors).toBe(before);
    // float32 sums of 4 log-density terms of size up to ~5: 1e-5 relative.
    expectClose(logQ, REF.logQ, { rtol: 1e-5, atol: 1e-5, label: 'log q(z)' });
    expectClose(logMix, REF.logMix, { rtol: 1e-5, atol: 1e-5, label: 'log (1/J) Σ_j p_j(z)' });
    expectClose(logFixed, REF.logFixed, { rtol: 1e-5, atol: 1e-5, label: 'log p(z), fixed prior' });
  });

  it('reduces to the exact KL with a single pseudo-input', () => {
    const one = { loc: [P.loc[1]], logScale: [P.logScale[1]], slab: [P.slab[1]] };
    const got = read(() => pseudoInputKl(spikeSlab(Q), spikeSlab(one)));
    expectClose(
      got,
      REF.pairKl.map((r) => r[1]),
      { rtol: 1e-5, atol: 1e-5, label: 'KL with J = 1' },
    );
  });

  it('equals a Monte-Carlo estimate of KL(q ‖ fixed prior) within 4 standard errors', () => {
    const analytic = read(() => spikeSlabKl(spikeSlab(Q), ALPHA));
    const rng = createRng(3);
    const n = 200_000;
    for (let i = 0; i < 3; i++) {
      let sum = 0;
      let sumSq = 0;
      for (let s = 0; s < n; s++) {
        let d = 0;
        for (let k = 0; k < 4; k++) {
          const [loc, logScale, slab] = [Q.loc[i][k], Q.logScale[i][k], Q.slab[i][k]];
          const z = rng.uniform() < slab ? loc + Math.exp(logScale) * rng.normal() : 0;
          d += logSpikeSlab(z, loc, logScale, slab) - logSpikeSlab(z, 0, 0, ALPHA);
        }
        sum += d;
        sumSq += d * d;
      }
      const mean = sum / n;
      const se = Math.sqrt((sumSq / n - mean * mean) / (n - 1));
      // log q − log p has a standard deviation of 1.5–2.5 nats here, so se ≈ 0.004; float32 error of the analytic
      // value (~1e-6) is far below that.
      expect(Math.abs(analytic[i] - mean)).toBeLessThan(4 * se);
    }
  });
});
