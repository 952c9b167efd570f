import type { FitInfo } from '@latentkit/registry';

/** The fit info of a GMM built from given parameters rather than fitted (no iterations), for tests. */
export function unfittedInfo(columns: readonly string[], nRows: number): FitInfo {
  return {
    key: 'mixture/gmm',
    plugin: { name: '@latentkit/models-mixture', version: '0' },
    engine: 'inference/em',
    seed: 0,
    iterations: 0,
    converged: false,
    fixedIterations: false,
    seconds: 0,
    trace: [],
    data: { kind: 'dense', nCols: columns.length, columns: [...columns], nRows },
  };
}
