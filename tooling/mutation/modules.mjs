// The modules of `pnpm test:mutation <module>` (issue #17): what Stryker mutates and which package's tests run.
// `mutate`: Stryker globs from the repository root (no braces: the test expands them with git's glob pathspecs) (tests, barrels and test helpers are left out below);
// `package`: the package whose vitest tests run; `tests`: their globs, relative to the package.

/** Files never mutated: tests, barrels and test helpers. */
export const EXCLUDED = ['!**/*.test.ts', '!**/index.ts', '!**/test-support/**'];

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
  'core-linalg-chol': {
    mutate: ['packages/core/src/linalg/cholesky.ts', 'packages/core/src/linalg/triangular.ts', 'packages/core/src/linalg/spd.ts'],
    package: 'packages/core',
    tests: ['src/linalg/cholesky.test.ts', 'src/linalg/triangular.test.ts', 'src/linalg/spd.test.ts'],
    note: 'Cholesky (with jitter), triangular solves and inverses, SPD log-determinant and inverse',
  },
  'core-linalg-eig': {
    mutate: ['packages/core/src/linalg/symmetric-eigen.ts', 'packages/core/src/linalg/hypot.ts'],
    package: 'packages/core',
    tests: ['src/linalg/symmetric-eigen.test.ts', 'src/linalg/hypot.test.ts'],
    note: 'symmetric eigendecomposition (tridiagonalisation and implicit QL) and its hypot',
  },
  'core-linalg-svd': {
    mutate: [
      'packages/core/src/linalg/svd.ts',
      'packages/core/src/linalg/golub-kahan-svd.ts',
      'packages/core/src/linalg/householder-qr.ts',
      'packages/core/src/linalg/blas.ts',
      'packages/core/src/linalg/norm.ts',
    ],
    package: 'packages/core',
    // Not svd-row-blocks.test.ts (1–2 s, tens of seconds instrumented): householder-qr.test.ts reaches the same
    // several-block paths with small blocks.
    tests: ['src/linalg/svd.test.ts', 'src/linalg/householder-qr.test.ts', 'src/linalg/symmetric-eigen.test.ts'],
    note: 'thin SVD: Householder QR, Golub–Kahan bidiagonal SVD and their BLAS-like kernels',
  },
  'core-linalg-lu': {
    mutate: ['packages/core/src/linalg/lu.ts'],
    package: 'packages/core',
    tests: ['src/linalg/lu.test.ts'],
    note: 'LU with partial pivoting and the general inverse',
  },
  'core-linalg-misc': {
    mutate: ['packages/core/src/linalg/matrix.ts', 'packages/core/src/linalg/assignment.ts', 'packages/core/src/linalg/rotation.ts'],
    package: 'packages/core',
    tests: ['src/linalg/matrix.test.ts', 'src/linalg/assignment.test.ts', 'src/linalg/rotation.test.ts'],
    note: 'matrix helpers (matmul, transpose), optimal assignment, varimax/quartimax rotations',
  },
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
