import type { DenseDataset } from '@latentkit/core';
import type { LatentMatrix } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { argmaxRows, isSimplex, latentScatter, strideRows } from './latent-scatter.js';

const data: DenseDataset = {
  kind: 'dense',
  nRows: 4,
  nCols: 2,
  values: Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
  columns: ['a', 'b'],
  labels: ['x', 'y', 'x', 'y'],
  labelName: 'species',
  split: ['train', 'train', 'train', 'test'],
};
const resp: LatentMatrix = { nRows: 4, nCols: 2, values: Float64Array.from([0.9, 0.1, 0.2, 0.8, 1, 0, 0.4, 0.6]), columns: ['component1', 'component2'] };
const means: LatentMatrix = { nRows: 4, nCols: 3, values: Float64Array.from([1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 1, 1]), columns: ['z1', 'z2', 'z3'] };

describe('latentScatter', () => {
  it('tells probability vectors from posterior means', () => {
    expect(isSimplex(resp)).toBe(true);
    expect(isSimplex(means)).toBe(false);
    expect(Array.from(argmaxRows(resp))).toEqual([0, 1, 0, 1]);
  });

  it('places mixture points by the data and colours them by component, label, split and columns', () => {
    const s = latentScatter(data, resp, [{ name: 'extra', values: [1, 2, 3, 4] }]);
    expect(s.x).toEqual([0, 2, 4, 6]);
    expect(s.y).toEqual([1, 3, 5, 7]);
    expect([s.xTitle, s.yTitle]).toEqual(['a', 'b']);
    expect(s.colourings.map((c) => `${c.name}:${c.type}`)).toEqual(['cluster:nominal', 'species:nominal', 'split:nominal', 'extra:nominal']);
    expect(s.colourings[0].values).toEqual(['component1', 'component2', 'component1', 'component2']);
    expect(s.defaultColouring).toBe('cluster');
  });

  it('projects posterior means with more than two dimensions', () => {
    const s = latentScatter(data, means);
    expect(s.method).toMatch(/^first two principal axes of the 3-dimensional posterior means/);
    expect(s.colourings[0].name).toBe('species');
  });

  it('keeps at most the cap of rows, at an even stride', () => {
    expect(strideRows(10, 4)).toEqual([0, 3, 6, 9]);
    expect(strideRows(3, 4)).toEqual([0, 1, 2]);
  });
});
