import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Categorical } from './categorical.js';
import { hasRsample } from './distribution.js';
import { Gamma } from './gamma.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { RelaxedCategorical } from './relaxed-categorical.js';

beforeAll(async () => {
  await initBackend();
});

const read = (t: tf.Tensor): number[] => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

describe('batch shapes and broadcasting', () => {
  it('broadcasts parameters to the batch shape like torch', () => {
    expect(new Normal([[0], [1]], [1, 2, 3]).batchShape).toEqual([2, 3]);
    expect(
      new MultivariateNormal({
        loc: [
          [0, 0],
          [1, 1],
          [2, 2],
        ],
        scaleTril: [
          [1, 0],
          [0, 1],
        ],
      }).batchShape,
    ).toEqual([3]);
    expect(
      new Categorical({
        logits: [
          [0, 1, 2],
          [1, 1, 1],
        ],
      }).batchShape,
    ).toEqual([2]);
    expect(() => new Normal([0, 1], [1, 2, 3])).toThrow(/do not broadcast/);
    expect(
      () =>
        new MultivariateNormal({
          loc: [0, 0, 0],
          scaleTril: [
            [1, 0],
            [0, 1],
          ],
        }),
    ).toThrow(/d×d/);
    expect(() => new Categorical({} as never)).toThrow(/exactly one/);
  });

  it('MultivariateNormal.logProb broadcasts a value [n, 1, d] against a batch of 2 and equals the diagonal-Normal sum', () => {
    const mvn = new MultivariateNormal({
      loc: [
        [0, 1],
        [2, -1],
      ],
      scaleTril: [
        [1.5, 0],
        [0, 0.5],
      ],
    });
    const x = tf.tensor3d([[[0.3, 0.2]], [[1, 1]], [[-2, 4]]]);
    const lp = mvn.logProb(x);
    expect(lp.shape).toEqual([3, 2]);
    const got = read(lp);
    const normal = new Normal(
      [
        [0, 1],
        [2, -1],
      ],
      [1.5, 0.5],
    );
    const want = read(tf.tidy(() => tf.sum(normal.logProb(x), -1)));
    got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-5 * (1 + Math.abs(want[i]))));
    x.dispose();
  });

  it('Categorical.logProb of a −∞ logit is −∞ only for that category', () => {
    const c = new Categorical({ logits: [0, -Infinity, 0] });
    const v = tf.tensor1d([0, 1, 2], 'int32');
    const lp = read(c.logProb(v));
    expect(lp[1]).toBe(-Infinity);
    expect(Math.abs(lp[0] - Math.log(0.5))).toBeLessThan(1e-6);
    expect(Math.abs(lp[2] - Math.log(0.5))).toBeLessThan(1e-6);
    v.dispose();
  });

  it('RelaxedCategorical with a batch of temperatures equals the per-row scalar-temperature densities', () => {
    const logits = [
      [0, 1, -1],
      [2, 0, 0.5],
    ];
    const y = tf.tensor2d([
      [0.2, 0.5, 0.3],
      [0.6, 0.1, 0.3],
    ]);
    const batched = read(new RelaxedCategorical({ temperature: [0.5, 2], logits }).logProb(y));
    [0.5, 2].forEach((t, i) => {
      const row = read(new RelaxedCategorical({ temperature: t, logits }).logProb(y))[i];
      expect(Math.abs(batched[i] - row)).toBeLessThan(1e-5 * (1 + Math.abs(row)));
    });
    y.dispose();
  });

  it('hasRsample tells reparameterised families apart', () => {
    expect(hasRsample(new Normal(0, 1))).toBe(true);
    expect(hasRsample(new Gamma(1, 1))).toBe(false);
  });
});
