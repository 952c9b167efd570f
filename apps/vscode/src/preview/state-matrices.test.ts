import { describe, expect, it } from 'vitest';
import { findMatrices, heatmapMatrices, latentDimsOf, topicWordMatrix, topWords } from './state-matrices.js';

describe('state matrices', () => {
  const state = {
    means: [
      [1, 2, 3],
      [4, 5, 6],
    ],
    loadings: [
      [0.5, -1],
      [0.2, 0.1],
      [0, 3],
    ],
    nested: { W: [[1, 2, 3]], inclusion: [[0.9], [0.1], [0.5]] },
    covariances: [
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    ],
    ragged: [[1, 2], [3]],
    weights: [0.5, 0.5],
  };

  it('finds rectangular numeric matrices with their paths', () => {
    expect(findMatrices(state).map((m) => `${m.path} ${m.rows}x${m.cols}`)).toEqual([
      'means 2x3',
      'loadings 3x2',
      'nested.W 1x3',
      'nested.inclusion 3x1',
      'covariances[0] 3x3',
    ]);
  });

  it('keeps loading-like matrices, oriented features × latent dimensions', () => {
    const maps = heatmapMatrices(state, 3);
    expect(maps.map((m) => `${m.path} ${m.rows}x${m.cols}`)).toEqual(['loadings 3x2', 'nested.W 3x1', 'nested.inclusion 3x1']);
    expect(Array.from(maps[1].values)).toEqual([1, 2, 3]);
  });

  it('finds the topic–word matrix and its heaviest words', () => {
    const m = topicWordMatrix(
      {
        alpha: [[1, 1, 1, 1]],
        components: [
          [1, 6, 3, 0],
          [5, 0, 0, 5],
        ],
      },
      4,
    )!;
    expect(m.path).toBe('components');
    expect(topWords(m, ['a', 'b', 'c', 'd'], 2)).toEqual([
      {
        topic: 'topic 1',
        words: [
          { word: 'b', weight: 0.6 },
          { word: 'c', weight: 0.3 },
        ],
      },
      {
        topic: 'topic 2',
        words: [
          { word: 'a', weight: 0.5 },
          { word: 'd', weight: 0.5 },
        ],
      },
    ]);
  });
});

describe('heatmaps of deep models', () => {
  it('skips network weights and keeps matrices with as many columns as latent dimensions', () => {
    const state = {
      weights: {
        mask: [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        head: {
          w: [
            [1, 2, 3, 4],
            [1, 2, 3, 4],
            [1, 2, 3, 4],
          ],
        },
      },
      encoder: {
        layers: [
          {
            w: [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
          },
        ],
      },
    };
    expect(heatmapMatrices(state, 3, 2).map((m) => m.path)).toEqual(['weights.mask']);
    expect(latentDimsOf({ latentDim: 2, epochs: 10 })).toBe(2);
    expect(latentDimsOf({ tol: 0.1 })).toBeUndefined();
  });
});
