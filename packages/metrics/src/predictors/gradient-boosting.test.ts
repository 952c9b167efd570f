import { describe, expect, it } from 'vitest';
import { fitGradientBoostingClassifier } from './gradient-boosting.js';
import { featureMatrix } from './regression-tree.js';

const options = { nEstimators: 100, learningRate: 0.1, maxDepth: 3, seed: 0 };

describe('fitGradientBoostingClassifier', () => {
  it('fits three separable classes perfectly and gives all importance to the informative feature', () => {
    const n = 60;
    const values = new Float64Array(2 * n);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 3;
      values[2 * i] = y[i] * 10 + (i % 7) / 10;
      values[2 * i + 1] = (i * 37) % 11;
    }
    const rows = Array.from({ length: n }, (_, i) => i);
    const model = fitGradientBoostingClassifier(featureMatrix(values, 2, rows), y, 3, options);
    expect(Array.from(model.trainPredictions)).toEqual(Array.from(y));
    expect(Array.from(model.predict(values, rows))).toEqual(Array.from(y));
    // Pure children after the class splits: feature 1 never reduces impurity.
    expect(model.featureImportances[0]).toBeCloseTo(1, 12);
    expect(model.featureImportances[1]).toBeCloseTo(0, 12);
  });

  it('handles two classes with one tree per stage and predicts unseen rows', () => {
    const n = 40;
    const values = Float64Array.from({ length: n }, (_, i) => i);
    const y = Int32Array.from({ length: n }, (_, i) => (i >= 25 ? 1 : 0));
    const model = fitGradientBoostingClassifier(
      featureMatrix(
        values,
        1,
        Array.from({ length: n }, (_, i) => i),
      ),
      y,
      2,
      options,
    );
    expect(Array.from(model.predict(Float64Array.of(3, 24.4, 24.6, 39), [0, 1, 2, 3]))).toEqual([0, 0, 1, 1]);
    expect(model.featureImportances[0]).toBe(1);
  });

  it('predicts the only class and reports no importance for a single class', () => {
    const model = fitGradientBoostingClassifier(featureMatrix(Float64Array.of(1, 2, 3), 1, [0, 1, 2]), new Int32Array(3), 1, options);
    expect(Array.from(model.trainPredictions)).toEqual([0, 0, 0]);
    expect(Array.from(model.featureImportances)).toEqual([0]);
  });
});
