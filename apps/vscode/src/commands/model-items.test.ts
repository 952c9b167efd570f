import { describe, expect, it } from 'vitest';
import { dataSummary, modelItems } from './model-items.js';

describe('modelItems', () => {
  const inspect = {
    kind: 'dense' as const,
    nRows: 150,
    nCols: 4,
    columns: ['a', 'b', 'c', 'd'],
    labelName: 'species',
    models: [
      {
        key: 'topic/lda',
        plugin: '@latentkit/models-topic@0.1.0',
        fits: false,
        reason: 'topic/lda needs a count matrix, but iris.csv is a dense matrix',
        engines: ['inference/cavi'],
      },
      { key: 'mixture/gmm', plugin: '@latentkit/models-mixture@0.1.0', description: 'Gaussian mixture', fits: true, engines: ['inference/em'] },
    ],
  };

  it('lists the models that fit first, then the others with the reason', () => {
    const items = modelItems(inspect);
    expect(items.map((i) => [i.label, i.fits])).toEqual([
      ['mixture/gmm', true],
      ['$(circle-slash) topic/lda', false],
    ]);
    expect(items[0].detail).toBe('@latentkit/models-mixture@0.1.0 · fitted by inference/em');
    expect(items[1].detail).toBe('does not fit this file: topic/lda needs a count matrix, but iris.csv is a dense matrix');
  });

  it('summarises the data in one line', () => {
    expect(dataSummary(inspect)).toBe("150 rows × 4 columns (dense), label 'species'");
  });
});
