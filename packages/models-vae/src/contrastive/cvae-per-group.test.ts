import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../common/vae-data.js';
import { disposeWeights, toVariables, type WeightValues } from '../nn/weights.js';
import { cvaeObjectives } from './cvae-objectives.js';
import { cvaeDefaults, type CvaeParams } from './cvae-params.js';
import { cvaeRows, elboOfRows } from './cvae-forward.js';
import { initGaussianEncoder } from '../common/gaussian-vae-parts.js';
import { initMlp } from '../nn/mlp.js';
import { createRng } from '@latentkit/core';
import { LOG_SCALE } from '../common/likelihood.js';

beforeAll(async () => {
  await initBackend();
});

// Two target groups with their own salient blocks (enct1, enct2); d = 3, sharedDim = 1, salientDim = 2.
const params: CvaeParams = { ...cvaeDefaults, sharedDim: 1, salientDim: 2, hiddenUnits: [4], salientBlocks: 'per-group' };
function weights(): WeightValues {
  const rng = createRng(3);
  const w: WeightValues = {};
  initGaussianEncoder(w, rng, 3, [4], 1, 'encz');
  initGaussianEncoder(w, rng, 3, [4], 2, 'enct1');
  initGaussianEncoder(w, rng, 3, [4], 2, 'enct2');
  initMlp(w, 'dec', [1 + 2 * 2, 4, 3], rng);
  w[LOG_SCALE] = { shape: [3], values: new Float32Array(3) };
  return w;
}
const xs = [0.3, -0.4, 1.2, 0.7, -1, 0.1, 0.5, 0.9, -0.2];
const batch = (codes: number[]): Batch => {
  const x = tf.tensor2d(xs.slice(0, 3 * codes.length), [codes.length, 3]);
  return { size: codes.length, x, xEnc: x, logNorm: null, target: Float32Array.from(codes) };
};
/** Gradients of the summed ELBO of rows with group codes `codes` (at the posterior means) for every weight. */
function gradsOf(w: Record<string, tf.Variable>, codes: number[]): Record<string, number> {
  return tf.tidy(() => {
    const names = Object.keys(w);
    const { grads } = tf.variableGrads(
      () => tf.sum(elboOfRows(cvaeRows(w, params, batch(codes), 1, (loc) => loc, 2))) as tf.Scalar,
      names.map((n) => w[n]),
    );
    // A weight the ELBO does not reach has no gradient (null): 0.
    return Object.fromEntries(names.map((n) => [n, grads[w[n].name] ? tf.sum(tf.abs(grads[w[n].name])).dataSync()[0] : 0]));
  });
}

describe("per-group salient blocks: each row's ELBO reads its own block only", () => {
  it('background rows touch no salient encoder (no KL_t, t decoded as 0); a row of group g touches enct<g> only', () => {
    const w = toVariables(weights());
    const before = tf.memory().numTensors;
    const bg = gradsOf(w, [0, 0, 0]);
    const g2 = gradsOf(w, [2, 2, 2]);
    expect(tf.memory().numTensors).toBe(before);
    const sum = (g: Record<string, number>, prefix: string) => Object.entries(g).reduce((s, [n, v]) => s + (n.startsWith(prefix) ? v : 0), 0);
    expect(sum(bg, 'enct1.')).toBe(0);
    expect(sum(bg, 'enct2.')).toBe(0);
    expect(sum(bg, 'encz.')).toBeGreaterThan(0);
    expect(sum(g2, 'enct1.')).toBe(0);
    expect(sum(g2, 'enct2.')).toBeGreaterThan(0);
    disposeWeights(w);
  });

  it("KL_t of a row is the analytic KL of its own block's posterior; 0 on background rows", () => {
    const w = toVariables(weights());
    const [kl, loc, logScale] = tf.tidy(() => {
      const r = cvaeRows(w, params, batch([0, 1, 2]), 1, (l) => l, 2);
      return [
        tf.mul(r.target, r.klSalient).arraySync() as number[],
        r.posteriors.salient.loc.arraySync() as number[][],
        r.posteriors.salient.logScale.arraySync() as number[][],
      ];
    });
    // KL(N(μ, σ²) ‖ N(0, 1)) = ½ Σ (μ² + σ² − 2 log σ − 1) over the row's own block (columns 2(g−1), 2(g−1)+1).
    const byHand = (i: number, g: number) =>
      [0, 1].reduce((s, a) => s + 0.5 * (loc[i][2 * (g - 1) + a] ** 2 + Math.exp(2 * logScale[i][2 * (g - 1) + a]) - 2 * logScale[i][2 * (g - 1) + a] - 1), 0);
    expect(kl[0]).toBe(0);
    expect(kl[1]).toBeCloseTo(byHand(1, 1), 5);
    expect(kl[2]).toBeCloseTo(byHand(2, 2), 5);
    disposeWeights(w);
  });

  it("gives MGDA one task per target group, named by the group, each the mean over that group's rows", () => {
    const w = toVariables(weights());
    const codes = [0, 1, 2];
    const got = tf.tidy(() => {
      const r = cvaeRows(w, params, batch(codes), 1, (l) => l, 2);
      const o = cvaeObjectives(params, r, Float32Array.from(codes), 1, 1, ['treated', 'knockout']);
      return { names: o.tasks.map((t) => t.name), losses: o.tasks.map((t) => t.loss.dataSync()[0]), rows: elboOfRows(r).arraySync() as number[] };
    });
    expect(got.names).toEqual(['background', 'target:treated', 'target:knockout']);
    got.losses.forEach((l, k) => expect(l).toBeCloseTo(-got.rows[k], 5));
    disposeWeights(w);
  });
});
