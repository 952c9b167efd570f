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
  'core-linalg': {
    mutate: ['packages/core/src/linalg/*.ts'],
    package: 'packages/core',
    tests: ['src/linalg/**/*.test.ts'],
    note: 'Cholesky, triangular solves, LU, symmetric eigen, SVD, rotations, assignment',
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
