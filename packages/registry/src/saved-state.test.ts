import { describe, expect, it } from 'vitest';
import { SYMMETRY_TOLERANCE, savedStateReader, WEIGHT_SUM_TOLERANCE } from './saved-state.js';

const r = savedStateReader('mixture/gmm');
const fails = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'did not throw';
};

describe('savedStateReader', () => {
  it('accepts probabilities summing to 1 within the tolerance and names the first bad weight or the sum', () => {
    expect(r.probabilities([0.25, 0.75], 2, 'state.weights')).toEqual([0.25, 0.75]);
    expect(r.probabilities([0.5, 0.5 + WEIGHT_SUM_TOLERANCE / 2], 2, 'state.weights')).toHaveLength(2);
    expect(fails(() => r.probabilities([0.2, -0.1, 0.9], 3, 'state.weights'))).toBe(
      'mixture/gmm model file: state.weights[1] is -0.1; expected a probability >= 0',
    );
    expect(fails(() => r.probabilities([0.5, 0.5 + 2 * WEIGHT_SUM_TOLERANCE], 2, 'state.weights'))).toBe(
      `mixture/gmm model file: state.weights sum to 1.000002; expected 1 (within 0.000001)`,
    );
    expect(fails(() => r.probabilities([1], 2, 'state.weights'))).toBe('mixture/gmm model file: state.weights must be 2 finite numbers');
  });

  it('accepts symmetric positive definite matrices and names asymmetry or indefiniteness', () => {
    expect(() => r.spd([2, 1, 1, 2], 2, 'c')).not.toThrow();
    // Round-off far below the tolerance is accepted: 1 + 1e-12 against 1 on a unit diagonal.
    expect(() => r.spd([2, 1 + 1e-12, 1, 2], 2, 'c')).not.toThrow();
    expect(fails(() => r.spd([2, 1, 1 + 10 * SYMMETRY_TOLERANCE * 2, 2], 2, 'c'))).toMatch(
      /^mixture\/gmm model file: c is not symmetric: \[1\]\[0\] is 1\.0000002 but \[0\]\[1\] is 1$/,
    );
    expect(fails(() => r.spd([1, 2, 2, 1], 2, 'c'))).toBe('mixture/gmm model file: c is not positive definite');
    expect(fails(() => r.spd([0, 0, 0, 1], 2, 'c'))).toBe('mixture/gmm model file: c is not positive definite');
  });

  it('names the first non-positive entry and checks matrix shapes', () => {
    expect(fails(() => r.positive([1, 0, 2], 3, 'state.noiseVariance'))).toBe(
      'mixture/gmm model file: state.noiseVariance[1] is 0; expected a positive number',
    );
    expect(r.matrixRows([[1, 2]], 1, 2, 'm')).toEqual([1, 2]);
    expect(fails(() => r.matrixRows([[1, 2]], 2, 2, 'state.means'))).toBe('mixture/gmm model file: state.means must have 2 rows (2×2)');
    expect(fails(() => r.matrixRows([[1]], 1, 2, 'state.means'))).toBe('mixture/gmm model file: state.means[0] must be 2 finite numbers');
  });
});
