import { describe, expect, it } from 'vitest';
import { featureMatrix, fitRegressionTree, treeFeatureImportances, applyTree } from './regression-tree.js';
import { TreeRandom } from './sklearn-random.js';

describe('fitRegressionTree', () => {
  it('splits a step function at the float32 midpoint and puts all importance on that feature', () => {
    // Feature 0 is a step at 0.25/0.75; feature 1 is noise-free but unrelated (alternating).
    const x = Float64Array.from([0, 1, 0.1, 0, 0.2, 1, 0.3, 0, 0.7, 1, 0.8, 0, 0.9, 1, 1.0, 0]);
    const y = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const fm = featureMatrix(x, 2, [0, 1, 2, 3, 4, 5, 6, 7]);
    const { tree, leafOfRow } = fitRegressionTree(fm, y, 3, new TreeRandom(1));
    expect(tree.nodeCount).toBe(3);
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(Math.fround(0.3) / 2 + Math.fround(0.7) / 2);
    // Variance 0.25 at the root, 0 in both children: importance (8·0.25 − 0 − 0)/8.
    expect(Array.from(treeFeatureImportances(tree, 2))).toEqual([0.25, 0]);
    expect(Array.from(leafOfRow)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(applyTree(tree, Float32Array.of(0.45, 0), 0)).toBe(1);
    expect(applyTree(tree, Float32Array.of(0.55, 0), 0)).toBe(2);
  });

  it('stops at maxDepth and at pure nodes, and keeps constant features out', () => {
    const n = 16;
    const x = Float64Array.from({ length: 2 * n }, (_, q) => (q % 2 === 0 ? Math.floor(q / 2) : 3));
    const y = Float64Array.from({ length: n }, (_, i) => i);
    const fm = featureMatrix(
      x,
      2,
      Array.from({ length: n }, (_, i) => i),
    );
    const { tree } = fitRegressionTree(fm, y, 2, new TreeRandom(7));
    // Depth 2: 1 root + 2 + 4 leaves; the constant feature 1 is never used.
    expect(tree.nodeCount).toBe(7);
    for (let i = 0; i < tree.nodeCount; i++) if (tree.left[i] >= 0) expect(tree.feature[i]).toBe(0);
    const pure = fitRegressionTree(fm, new Float64Array(n).fill(2), 3, new TreeRandom(7)).tree;
    expect(pure.nodeCount).toBe(1);
  });
});
