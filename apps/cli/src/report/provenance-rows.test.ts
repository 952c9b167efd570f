import type { SavedModel } from '@latentkit/registry';
import { describe, expect, it } from 'vitest';
import { NO_PROVENANCE_NOTE, provenanceRows } from './provenance-rows.js';

const saved: SavedModel = {
  format: 'latentkit-model',
  formatVersion: 2,
  key: 'mixture/gmm',
  plugin: { name: '@latentkit/models-mixture', version: '0.1.0' },
  params: { nComponents: 2, covarianceType: 'full' },
  data: { kind: 'dense', nCols: 2, columns: ['a', 'b'], nRows: 10 },
  fit: { engine: 'inference/em', seed: 7, iterations: 3, converged: true, seconds: 0.1, trace: [], engineParams: { maxIter: 100, tol: 0.001 } },
  provenance: {
    packages: { '@latentkit/registry': '0.2.0', '@latentkit/models-mixture': '0.1.0', '@latentkit/inference': '0.1.1' },
    backend: 'wasm',
    dataHash: 'sha256:abc',
    createdAt: '2026-12-07T01:00:00.000Z',
    runtime: 'v20.19.0',
    threads: 2,
  },
  state: {},
};

describe('provenanceRows', () => {
  it('lists the package versions, backend, threads, seed, engine and its parameters, hyperparameters, data hash, date and runtime', () => {
    expect(provenanceRows(saved)).toEqual([
      ['package @latentkit/registry', '0.2.0'],
      ['package @latentkit/models-mixture', '0.1.0'],
      ['package @latentkit/inference', '0.1.1'],
      ['backend', 'wasm'],
      ['threads', 2],
      ['seed', 7],
      ['engine', 'inference/em'],
      ['engine parameters', 'maxIter=100, tol=0.001'],
      ['hyperparameters', 'nComponents=2, covarianceType="full"'],
      ['data hash', 'sha256:abc'],
      ['created', '2026-12-07T01:00:00.000Z'],
      ['runtime', 'Node.js v20.19.0'],
    ]);
  });

  it('says that a format-1 file records no provenance', () => {
    const { provenance: _p, ...old } = saved;
    expect(provenanceRows({ ...old, formatVersion: 1 })).toBe(NO_PROVENANCE_NOTE);
    expect(NO_PROVENANCE_NOTE).toBe('format 1 file: no provenance recorded');
  });
});
