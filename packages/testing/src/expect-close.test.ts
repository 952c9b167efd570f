import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { countTensors } from './count-tensors.js';
import { expectClose } from './expect-close.js';

describe('expectClose', () => {
  it('accepts differences within atol + rtol·|expected|', () => {
    expect(() => expectClose(1.000009, 1)).not.toThrow(); // default rtol 1e-5
    expect(() => expectClose([0, 1e-9, 2], [1e-8, 0, 2.00002])).not.toThrow();
    expect(() => expectClose(Float64Array.from([1, 2]), [1, 2], { rtol: 0, atol: 0 })).not.toThrow();
    expect(() => expectClose([Infinity, -Infinity], [Infinity, -Infinity], { rtol: 0, atol: 0 })).not.toThrow();
  });

  it('reports a scalar mismatch with both values and the allowed difference', () => {
    expect(() => expectClose(1.1, 1, { rtol: 1e-3, atol: 0, label: 'score' })).toThrowErrorMatchingInlineSnapshot(
      `[Error: score is not close to the expected value (rtol=0.001, atol=0): actual 1.1, expected 1, |diff| 0.1 > allowed 0.001]`,
    );
  });

  it('names the number of mismatches and the worst index of an array', () => {
    const expected = [0, 1, 2, 3, 4];
    const actual = [0, 1.01, 2, 3.5, 4.001];
    expect(() => expectClose(actual, expected, { rtol: 1e-3, atol: 0, label: 'transform' })).toThrowErrorMatchingInlineSnapshot(
      `[Error: transform: 2 of 5 values differ (rtol=0.001, atol=0); worst at index 3: actual 3.5, expected 3, |diff| 0.5 > allowed 0.003]`,
    );
  });

  it('treats NaN as a mismatch unless equalNan is set', () => {
    expect(() => expectClose([1, NaN], [1, 2])).toThrow(/worst at index 1: actual NaN, expected 2/);
    expect(() => expectClose([NaN], [NaN])).toThrow(/1 of 1 values differ/);
    expect(() => expectClose([NaN], [NaN], { equalNan: true })).not.toThrow();
    expect(() => expectClose(Infinity, -Infinity)).toThrow(/actual Infinity, expected -Infinity/);
  });

  it('rejects different lengths and a scalar against an array', () => {
    expect(() => expectClose([1, 2], [1, 2, 3])).toThrowErrorMatchingInlineSnapshot(`[Error: values: length 2 does not match expected length 3]`);
    expect(() => expectClose(1, [1])).toThrow(/length scalar does not match expected length 1/);
  });
});

describe('countTensors', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('counts live tensors', () => {
    const before = countTensors();
    const t = tf.tensor1d([1, 2]);
    expect(countTensors()).toBe(before + 1);
    t.dispose();
    expect(countTensors()).toBe(before);
  });
});
