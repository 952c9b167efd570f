import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { Bernoulli } from './bernoulli.js';
import { Categorical } from './categorical.js';
import { Dirichlet } from './dirichlet.js';
import { Gamma } from './gamma.js';
import { klDivergence } from './kl.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';

beforeAll(async () => {
  await initBackend();
});

const read = (t: tf.Tensor): number[] => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

describe('klDivergence', () => {
  it('is zero for identical distributions (to float32 rounding, 1e-5)', () => {
    const pairs = [
      new Normal([0, 1], [1, 2]),
      new MultivariateNormal({
        loc: [1, 2],
        scaleTril: [
          [1, 0],
          [0.4, 0.7],
        ],
      }),
      new Bernoulli({ logits: [-2, 3] }),
      new Categorical({ probs: [0.2, 0.3, 0.5] }),
      new Dirichlet([0.5, 2, 3]),
      new Gamma(2, 3),
      new Poisson(4),
    ];
    for (const d of pairs) for (const v of read(klDivergence(d, d))) expect(Math.abs(v), d.name).toBeLessThan(1e-5);
  });

  it('of a diagonal MultivariateNormal equals the sum of the univariate Normal KLs', () => {
    const p = new MultivariateNormal({
      loc: [0.5, -1],
      scaleTril: [
        [2, 0],
        [0, 0.5],
      ],
    });
    const q = new MultivariateNormal({
      loc: [0, 0],
      scaleTril: [
        [1, 0],
        [0, 1.5],
      ],
    });
    const kl = read(klDivergence(p, q))[0];
    const parts = read(klDivergence(new Normal([0.5, -1], [2, 0.5]), new Normal([0, 0], [1, 1.5])));
    expect(Math.abs(kl - parts[0] - parts[1])).toBeLessThan(1e-5);
  });

  it('is +∞ for a categorical q that misses a category p uses, and ignores categories p does not use', () => {
    expect(read(klDivergence(new Categorical({ probs: [0.5, 0.5] }), new Categorical({ probs: [1, 0] })))[0]).toBe(Infinity);
    const finite = read(klDivergence(new Categorical({ logits: [0, -Infinity] }), new Categorical({ probs: [0.5, 0.5] })))[0];
    expect(Math.abs(finite - Math.log(2))).toBeLessThan(1e-6);
  });

  it('throws for an unsupported pair, naming both distributions', () => {
    expect(() => klDivergence(new Normal(0, 1), new Gamma(1, 1))).toThrow(/no closed form for Normal ‖ Gamma/);
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    read(
      klDivergence(
        new Dirichlet([
          [1, 2],
          [3, 4],
        ]),
        new Dirichlet([1, 1]),
      ),
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
