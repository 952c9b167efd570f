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
    const groups = {
      name: 'cond',
      counts: [
        { value: 'background', rows: 100 },
        { value: 'target', rows: 50 },
      ],
    };
    expect(dataSummary({ ...inspect, groups })).toBe("150 rows × 4 columns (dense), label 'species', group 'cond' (background 100, target 50)");
  });

  it('offers a model that needs row groups when the file has a text column, and says why not otherwise', () => {
    const cvae = { key: 'contrastive/cvae', plugin: '@latentkit/models-vae@0.1.0', fits: true, needsGroups: true, engines: ['inference/vi'] };
    const withGroups = { ...inspect, models: [cvae] };
    expect(modelItems(withGroups, ['condition']).map((i) => [i.key, i.fits, i.detail])).toEqual([
      ['contrastive/cvae', true, '@latentkit/models-vae@0.1.0 · fitted by inference/vi · asks for the group column'],
    ]);
    expect(modelItems(withGroups, []).map((i) => [i.fits, i.detail])).toEqual([
      [false, "does not fit this file: contrastive/cvae needs row groups, but this file has no text column to hold each row's group"],
    ]);
  });
});
