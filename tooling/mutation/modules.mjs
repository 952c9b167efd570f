// The modules of `pnpm test:mutation <module>` (issue #17): what Stryker mutates and which package's tests run.
// `mutate`: Stryker globs from the repository root (no braces: the test expands them with git's glob pathspecs) (tests, barrels and test helpers are left out below);
// `package`: the package whose vitest tests run; `tests`: their globs, relative to the package.

/** Files never mutated: tests, barrels and test helpers. */
export const EXCLUDED = ['!**/*.test.ts', '!**/index.ts', '!**/test-support/**'];

/**
 * A module of packages/core/src/linalg: `files` are mutated, `tests` run (both base names, without `.ts`/`.test.ts`).
 * @param {string[]} files
 * @param {string[]} tests
 * @param {string} note
 */
function linalg(files, tests, note) {
  return {
    mutate: files.map((f) => `packages/core/src/linalg/${f}.ts`),
    package: 'packages/core',
    tests: tests.map((t) => `src/linalg/${t}.test.ts`),
    note,
  };
}

/** @type {Record<string, { mutate: string[], package: string, tests: string[], note: string }>} */
export const MODULES = {
  'core-special': {
    mutate: ['packages/core/src/special/*.ts'],
    package: 'packages/core',
    tests: ['src/special/**/*.test.ts'],
    note: 'lgamma, digamma, logsumexp, softplus, logit/sigmoid (scalar and tensor)',
  },
  // core's linalg in five file groups, each with only the tests that exercise it (one module of all 2,630 mutants
  // projected 14–18 h: a mutant in matrix.ts or blas.ts reran the 1.7 s row-block SVD test, 10–30× slower
  // instrumented). Together they mutate every file of packages/core/src/linalg once (run.test.ts checks).
  'core-linalg-chol': linalg(
    ['cholesky', 'triangular', 'spd'],
    ['cholesky', 'triangular', 'spd'],
    'Cholesky (with jitter), triangular solves and inverses, SPD log-determinant and inverse',
  ),
  'core-linalg-eig': linalg(
    ['symmetric-eigen', 'hypot'],
    ['symmetric-eigen', 'hypot'],
    'symmetric eigendecomposition (tridiagonalisation and implicit QL) and its hypot',
  ),
  // Not svd-row-blocks.test.ts (1–2 s, tens of seconds instrumented): householder-qr.test.ts reaches the same
  // several-block paths with small blocks.
  'core-linalg-svd': linalg(
    ['svd', 'golub-kahan-svd', 'householder-qr', 'blas', 'norm'],
    ['svd', 'golub-kahan-svd', 'householder-qr', 'norm', 'symmetric-eigen'],
    'thin SVD: Householder QR, Golub–Kahan bidiagonal SVD and their BLAS-like kernels',
  ),
  'core-linalg-lu': linalg(['lu'], ['lu'], 'LU with partial pivoting and the general inverse'),
  'core-linalg-misc': linalg(
    ['matrix', 'assignment', 'rotation'],
    ['matrix', 'assignment', 'rotation'],
    'matrix helpers (matmul, transpose), optimal assignment, varimax/quartimax rotations',
  ),
  metrics: {
    mutate: ['packages/metrics/src/**/*.ts'],
    package: 'packages/metrics',
    tests: ['src/**/*.test.ts'],
    note: 'clustering, disentanglement, identifiability, likelihood and topic metrics',
  },
  mixture: {
    mutate: ['packages/models-mixture/src/gmm/*.ts'],
    package: 'packages/models-mixture',
    tests: ['src/gmm/**/*.test.ts'],
    note: 'the Gaussian mixture model code (mixture/gmm)',
  },
  factor: {
    mutate: ['packages/models-factor/src/fa/*.ts', 'packages/models-factor/src/ppca/*.ts', 'packages/models-factor/src/shared/*.ts'],
    package: 'packages/models-factor',
    tests: ['src/**/*.test.ts'],
    note: 'factor analysis and probabilistic PCA',
  },
  lda: {
    mutate: ['packages/models-topic/src/lda/**/*.ts'],
    package: 'packages/models-topic',
    tests: ['src/lda/**/*.test.ts'],
    note: 'latent Dirichlet allocation (topic/lda)',
  },
  'vae-common': {
    mutate: ['packages/models-vae/src/common/*.ts'],
    package: 'packages/models-vae',
    tests: ['src/common/**/*.test.ts', 'src/vae/**/*.test.ts'],
    note: "the VAE family's common code (objective terms, likelihoods, encoders)",
  },
  estimators: {
    mutate: ['packages/inference/src/estimators/**/*.ts'],
    package: 'packages/inference',
    tests: ['src/estimators/**/*.test.ts'],
    note: 'gradient estimators (reparameterised, score function, enumeration, relaxations)',
  },
};
