import { describe, expect, it } from 'vitest';
import type { FitInfo } from './contract/fitted.js';
import { fitInfoOf, readSavedModel, savedModelOf } from './saved-model-io.js';

const info: FitInfo = {
  key: 'contrastive/cvae',
  plugin: { name: '@latentkit/models-vae', version: '0.0.0' },
  engine: 'inference/vi',
  seed: 0,
  iterations: 2,
  converged: false,
  fixedIterations: true,
  seconds: 0.5,
  trace: [
    { iteration: 1, objective: -3.5, extra: { 'mgda.background': 0.25, 'mgda.target': 0.75 } },
    { iteration: 2, objective: -3.25, extra: { lambda: 1.5, constraint: 0.125 } },
  ],
  data: { kind: 'dense', nCols: 2, columns: ['a', 'b'], nRows: 10 },
};

describe('saved-model io', () => {
  it("keeps the trace's extra per-iteration values through JSON text and back", () => {
    const text = JSON.stringify(savedModelOf(info, {}, {}));
    const back = fitInfoOf(readSavedModel(JSON.parse(text), 'model.json'));
    expect(back.trace).toEqual(info.trace);
  });

  it('reads a trace without extra values as before', () => {
    const saved = JSON.parse(JSON.stringify(savedModelOf({ ...info, trace: [{ iteration: 1, objective: -1 }] }, {}, {})));
    expect(fitInfoOf(readSavedModel(saved, 'model.json')).trace[0].extra).toBeUndefined();
  });
});
