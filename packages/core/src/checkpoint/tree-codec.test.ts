import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng, isRng, type Rng } from '../random/rng.js';
import { decodeTree, encodeTree, type JsonValue } from './tree-codec.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu', warn: () => {} });
});

const roundTrip = (value: unknown) => decodeTree(JSON.parse(JSON.stringify(encodeTree(value))) as JsonValue);

describe('encodeTree / decodeTree', () => {
  it('gives back numbers, typed arrays, tensors and variables bit for bit through JSON text', () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() =>
      tf.variable(
        tf.tensor2d([
          [0.1, -1e-30],
          [Math.PI, 3.4e38],
        ]),
        false,
      ),
    );
    const t = tf.tensor1d([7, -2], 'int32');
    const value = {
      n: 0.1 + 0.2,
      specials: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0],
      x: Float64Array.of(1 / 3, 5e-324, -Number.MAX_VALUE),
      i: Int32Array.of(-5, 2 ** 31 - 1),
      nested: { w, t, s: 'text', b: true, z: null, gone: undefined },
      $t: 'a field named like the tag',
    };
    const back = roundTrip(value) as typeof value;
    expect(back.n).toBe(value.n);
    expect(back.specials).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]);
    expect(Object.is(back.specials[3], -0)).toBe(true);
    expect(back.x).toEqual(value.x);
    expect(back.i).toEqual(value.i);
    expect(back.$t).toBe(value.$t);
    expect('gone' in back.nested).toBe(false);
    expect(back.nested.w).toBeInstanceOf(tf.Variable);
    expect(back.nested.w.trainable).toBe(false);
    expect(back.nested.w).not.toBe(w);
    expect(back.nested.w.dataSync()).toEqual(w.dataSync());
    expect([back.nested.t.dtype, [...back.nested.t.dataSync()]]).toEqual(['int32', [7, -2]]);
    tf.dispose([w, t, back.nested.w, back.nested.t]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves a generator by its state, so that the decoded one continues the same stream', () => {
    const rng = createRng(11);
    rng.normal();
    rng.split(3);
    const back = roundTrip({ rng }) as { rng: Rng };
    expect(isRng(back.rng)).toBe(true);
    expect([back.rng.normal(), back.rng.uniform(), back.rng.fork().uniform()]).toEqual([rng.normal(), rng.uniform(), rng.fork().uniform()]);
  });

  it('refuses a class instance or a function, naming its path', () => {
    class Cache {}
    expect(() => encodeTree({ a: [{ b: new Cache() }] }, 'state')).toThrow(
      'cannot encode state.a[0].b: it is a Cache instance, not plain data (objects, arrays, numbers, typed arrays, tensors)',
    );
    expect(() => encodeTree({ f: () => 1 }, 'state')).toThrow('cannot encode state.f: it is a function');
  });
});
