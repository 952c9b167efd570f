import { bool, int, oneOf, real, type ParamSpec, type ParamSpecs } from '@latentkit/registry';
import type { MnistOptions } from './npm/mnist.js';
import type { SotuOptions } from './npm/sotu.js';
import type { SotuErasOptions } from './npm/sotu-eras.js';
import type { BundledLoadOptions } from './plugins.js';
import type { ContrastiveSimOptions } from './synthetic/contrastive-sim.js';
import type { DdeDeepNormalOptions, DdeSelectKOptions } from './synthetic/dde-deep.js';
import type { DdeTwoLayerOptions } from './synthetic/dde-two-layer.js';
import type { GaussianMixtureOptions } from './synthetic/gaussian-mixture.js';
import type { LdaCorpusOptions } from './synthetic/lda-corpus.js';
import type { SparseVaeSimOptions } from './synthetic/sparse-vae-sim.js';
import type { CountMatrixOptions } from './text/count-matrix.js';

/**
 * The option specs and defaults of the dataset plugins of this package (`params`/`defaults` of each plugin in
 * `plugins.ts`): what `load(options)` reads, checked by the registry before loading and shown by `latentkit list <key>`.
 * The generators keep their own defaults too (`const { n = 1000 } = options`); `plugins.test.ts` checks that they agree.
 * Options only tests or library callers need (`importModule`, the CSV `engine`, callbacks) are left out. Each object
 * `satisfies ParamSpecs<…>` of the options type of its loader, so an option added to a loader without a spec here (or
 * a spec for an option the loader does not have) fails the typecheck.
 */

const stringList = (description: string, example: readonly string[]): ParamSpec => ({
  type: 'array',
  items: { type: 'string' },
  examples: [example],
  description,
});

const seed = int({ min: 0, description: 'Seed of the generator (default 0).' });
const rows = (what = 'samples', dflt = 1000) => int({ min: 1, description: `Number of ${what} (default ${dflt}).` });

/** Options of the bundled-file plugins (one object, shared by all of them). */
export const BUNDLED_PARAMS = {
  columns: stringList('Feature columns to keep, in this order (default: every feature).', ['a', 'b']),
  factors: stringList('Columns to move from the features to the ground-truth factors.', ['a']),
  missing: oneOf(['error', 'nan'], { description: "Empty or NA cells: 'error' rejects them (default), 'nan' keeps them as NaN." }),
} as const satisfies ParamSpecs<Omit<BundledLoadOptions, 'engine' | 'hintStyle' | 'onDelimiterDetected'>>;
/** Defaults of the bundled-file plugins. */
export const BUNDLED_DEFAULTS = { missing: 'error' } as const satisfies Partial<BundledLoadOptions>;

/** Options of `datasets/mnist`. */
export const MNIST_PARAMS = {
  binarize: real({ min: 0, max: 1, description: 'Pixels become 1 where the grey level (in [0, 1]) is above this threshold, else 0.' }),
} as const satisfies ParamSpecs<Omit<MnistOptions, 'importModule'>>;

// `years` is a pair [from, to]; maxItems is JSON Schema that the registry's ParamSpec type does not list.
const YEARS = {
  type: 'array',
  items: { type: 'integer' },
  minItems: 2,
  maxItems: 2,
  examples: [[1900, 1999]],
  description: 'Keep the addresses with from <= year <= to (default: all, 1790-2021).',
} as ParamSpec;

/** Options of `datasets/sotu` (the year range and scikit-learn's CountVectorizer settings). */
export const SOTU_PARAMS = {
  years: YEARS,
  minDf: real({ min: 0, description: 'Drop terms in fewer documents: a count if >= 1, a proportion if < 1 (default 5).' }),
  maxDf: real({ min: 0, description: 'Drop terms in more documents: a proportion if <= 1, a count if > 1 (default 0.5).' }),
  lowercase: bool({ description: 'Lowercase the text first (default true).' }),
  stopWords: stringList("Tokens to drop (default: scikit-learn's English list; [] keeps every token).", ['the', 'of']),
} as const satisfies ParamSpecs<Omit<SotuOptions, 'importModule'> & Omit<CountMatrixOptions, 'rowNames' | 'source'>>;
/** Defaults of `datasets/sotu` (those of `countMatrix`; the stop words default to its English list). */
export const SOTU_DEFAULTS = { minDf: 5, maxDf: 0.5, lowercase: true } as const satisfies Partial<CountMatrixOptions>;

/** Options of `datasets/sotu-eras` (the two-group SOTU documents for contrastive models). */
export const SOTU_ERAS_PARAMS = {
  year: int({ min: 1791, max: 2021, description: 'Addresses from this year on are target rows, earlier ones background rows (default 1945).' }),
  vocabulary: int({ min: 1, description: 'Words kept, the most frequent over the training documents (default 500).' }),
  chunk: int({ min: 2, description: 'Tokens per document: each address is cut into pieces of this many tokens (default 100).' }),
} as const satisfies ParamSpecs<SotuErasOptions>;

/** Options of `datasets/synthetic-gmm`. */
export const SYNTHETIC_GMM_PARAMS = {
  n: rows(),
  d: int({ min: 1, description: 'Dimension D (default 2).' }),
  k: int({ min: 1, description: 'Number of components K (default 3).' }),
  separation: real({ min: 0, description: 'Standard deviation of the component means around 0: 4 well separated, 1 overlapping (default 4).' }),
  seed,
} as const satisfies ParamSpecs<GaussianMixtureOptions>;
/** Defaults of `datasets/synthetic-gmm`. */
export const SYNTHETIC_GMM_DEFAULTS = { n: 1000, d: 2, k: 3, separation: 4, seed: 0 } as const satisfies Partial<GaussianMixtureOptions>;

/** Options of `datasets/sparse-vae-sim`. */
export const SPARSE_VAE_SIM_PARAMS = {
  n: rows(),
  rho: real({ exclusiveMin: -1, exclusiveMax: 1, description: 'Correlation of the two factors (default 0).' }),
  noise: real({ min: 0, description: 'Standard deviation of the Gaussian noise (default 0.5).' }),
  seed,
} as const satisfies ParamSpecs<SparseVaeSimOptions>;
/** Defaults of `datasets/sparse-vae-sim`. */
export const SPARSE_VAE_SIM_DEFAULTS = { n: 1000, rho: 0, noise: 0.5, seed: 0 } as const satisfies Partial<SparseVaeSimOptions>;

/** Options of `datasets/dde-two-layer`. */
export const DDE_TWO_LAYER_PARAMS = {
  n: rows(),
  likelihood: oneOf(['bernoulli', 'poisson', 'normal'], { description: "Observation model (default 'bernoulli')." }),
  k2: int({ min: 2, description: 'Width K2 of the top layer, even (default 2); K1 = 3 K2, J = 3 K1.' }),
  seed,
} as const satisfies ParamSpecs<DdeTwoLayerOptions>;
/** Defaults of `datasets/dde-two-layer`. */
export const DDE_TWO_LAYER_DEFAULTS = { n: 1000, likelihood: 'bernoulli', k2: 2, seed: 0 } as const satisfies Partial<DdeTwoLayerOptions>;

/** Options of `datasets/dde-deep-normal`. */
export const DDE_DEEP_NORMAL_PARAMS = {
  n: rows(),
  depth: int({ min: 1, max: 6, description: 'Number of latent layers D (default 3): widths 2·3^(D−d), e.g. 18, 6, 2; J = 3·K1.' }),
  seed,
} as const satisfies ParamSpecs<DdeDeepNormalOptions>;
/** Defaults of `datasets/dde-deep-normal`. */
export const DDE_DEEP_NORMAL_DEFAULTS = { n: 1000, depth: 3, seed: 0 } as const satisfies Partial<DdeDeepNormalOptions>;

/** Options of `datasets/dde-select-k`. */
export const DDE_SELECT_K_PARAMS = { n: rows(), seed } as const satisfies ParamSpecs<DdeSelectKOptions>;
/** Defaults of `datasets/dde-select-k`. */
export const DDE_SELECT_K_DEFAULTS = { n: 1000, seed: 0 } as const satisfies Partial<DdeSelectKOptions>;

/** Options of `datasets/contrastive-sim`. */
export const CONTRASTIVE_SIM_PARAMS = {
  nBackground: int({ min: 0, description: 'Background rows, salient t = 0 (default 1000).' }),
  nTarget: int({ min: 0, description: 'Target rows of each target group (default 1000).' }),
  targetGroups: int({ min: 1, description: 'Target groups: 1 (default) named target, else target1..targetG.' }),
  salient: oneOf(['per-group', 'shared'], {
    description: "With several target groups: each its own salient factors ('per-group', default) or the same ('shared').",
  }),
  dz: int({ min: 1, description: 'Dimension of the shared latents z (default 2).' }),
  dt: int({ min: 1, description: 'Dimension of the salient latents t (default 2).' }),
  dx: int({ min: 1, description: 'Dimension of the observations x (default 10).' }),
  hidden: int({ min: 1, description: 'Width of the two hidden ReLU layers (default 32).' }),
  noise: real({ min: 0, description: 'Standard deviation of the observation noise (default 0.1).' }),
  prior: oneOf(['gaussian', 'mixture'], { description: "Prior of z and t: 'gaussian' N(0, I) (default) or 'mixture' of Gaussians N(μ_k, I)." }),
  components: int({ min: 1, description: "Components of each mixture prior with prior='mixture' (default 3)." }),
  separation: real({ min: 0, description: "Standard deviation of the mixture means with prior='mixture' (default 3)." }),
  seed,
} as const satisfies ParamSpecs<ContrastiveSimOptions>;
/** Defaults of `datasets/contrastive-sim`. */
export const CONTRASTIVE_SIM_DEFAULTS = {
  nBackground: 1000,
  nTarget: 1000,
  targetGroups: 1,
  salient: 'per-group',
  dz: 2,
  dt: 2,
  dx: 10,
  hidden: 32,
  noise: 0.1,
  prior: 'gaussian',
  components: 3,
  separation: 3,
  seed: 0,
} as const satisfies Partial<ContrastiveSimOptions>;

/** Options of `datasets/lda-corpus`. */
export const LDA_CORPUS_PARAMS = {
  nDocs: rows('documents', 200),
  vocabSize: int({ min: 1, description: 'Vocabulary size V (default 500).' }),
  nTopics: int({ min: 1, description: 'Number of topics K (default 5).' }),
  docLength: real({ min: 0, description: 'Mean document length (Poisson; default 100).' }),
  alpha: real({ exclusiveMin: 0, description: 'Document-topic concentration alpha (default 0.1).' }),
  eta: real({ exclusiveMin: 0, description: 'Topic-word concentration eta (default 0.01).' }),
  seed,
} as const satisfies ParamSpecs<LdaCorpusOptions>;
/** Defaults of `datasets/lda-corpus`. */
export const LDA_CORPUS_DEFAULTS = {
  nDocs: 200,
  vocabSize: 500,
  nTopics: 5,
  docLength: 100,
  alpha: 0.1,
  eta: 0.01,
  seed: 0,
} as const satisfies Partial<LdaCorpusOptions>;
