import {
  breastCancer,
  contrastiveSimPlugin,
  ddeTwoLayerPlugin,
  faithful,
  iris,
  ldaCorpusPlugin,
  mnist,
  penguins,
  sotu,
  sparseVaeSimPlugin,
  syntheticGmm,
  wine,
} from '@latentkit/datasets';
import { bool, int, oneOf, real, type DatasetPlugin, type ParamSpec } from '@latentkit/registry';

/** Option specs of one dataset plugin, by option name: what `--data name=value` accepts. */
export type DatasetOptionSpecs = Readonly<Record<string, ParamSpec>>;

const stringList = (description: string, example: readonly string[]): ParamSpec => ({
  type: 'array',
  items: { type: 'string' },
  examples: [example],
  description,
});

const seed = int({ min: 0, description: 'Seed of the generator (default 0).' });
const rows = (what = 'samples', dflt = 1000) => int({ min: 1, description: `Number of ${what} (default ${dflt}).` });

const BUNDLED: DatasetOptionSpecs = {
  columns: stringList('Feature columns to keep, in this order (default: every feature).', ['a', 'b']),
  factors: stringList('Columns to move from the features to the ground-truth factors.', ['a']),
  missing: oneOf(['error', 'nan'], { description: "Empty or NA cells: 'error' rejects them (default), 'nan' keeps them as NaN." }),
};

// `years` is a pair [from, to]; maxItems is JSON Schema that the registry's ParamSpec type does not list.
const YEARS = {
  type: 'array',
  items: { type: 'integer' },
  minItems: 2,
  maxItems: 2,
  examples: [[1900, 1999]],
  description: 'Keep the addresses with from <= year <= to (default: all, 1790-2021).',
} as ParamSpec;

/**
 * What each built-in dataset plugin's `load(options)` takes, as registry parameter specs, so that `--data name=value`
 * is coerced and checked before loading (dataset plugins declare no option schema; these mirror the option types of
 * `@latentkit/datasets`: `BundledLoadOptions`, `MnistOptions`, `SotuOptions & CountMatrixOptions`,
 * `GaussianMixtureOptions`, `SparseVaeSimOptions`, `DdeTwoLayerOptions`, `ContrastiveSimOptions`, `LdaCorpusOptions`).
 * Options only tests need (`importModule`, the CSV `engine`) are left out. Plugins not listed here (from `--plugin`)
 * get their options parsed as JSON where possible and check them themselves.
 */
export const DATASET_OPTION_SPECS: ReadonlyMap<DatasetPlugin, DatasetOptionSpecs> = new Map<DatasetPlugin, DatasetOptionSpecs>([
  [faithful, BUNDLED],
  [iris, BUNDLED],
  [penguins, BUNDLED],
  [wine, BUNDLED],
  [breastCancer, BUNDLED],
  [mnist, { binarize: real({ min: 0, max: 1, description: 'Pixels become 1 where the grey level (in [0, 1]) is above this threshold, else 0.' }) }],
  [
    sotu,
    {
      years: YEARS,
      minDf: real({ min: 0, description: 'Drop terms in fewer documents: a count if >= 1, a proportion if < 1 (default 5).' }),
      maxDf: real({ min: 0, description: 'Drop terms in more documents: a proportion if <= 1, a count if > 1 (default 0.5).' }),
      lowercase: bool({ description: 'Lowercase the text first (default true).' }),
      stopWords: stringList("Tokens to drop (default: scikit-learn's English list; [] keeps every token).", ['the', 'of']),
    },
  ],
  [
    syntheticGmm,
    {
      n: rows(),
      d: int({ min: 1, description: 'Dimension D (default 2).' }),
      k: int({ min: 1, description: 'Number of components K (default 3).' }),
      separation: real({ min: 0, description: 'Standard deviation of the component means around 0: 4 well separated, 1 overlapping (default 4).' }),
      seed,
    },
  ],
  [
    sparseVaeSimPlugin,
    {
      n: rows(),
      rho: real({ exclusiveMin: -1, exclusiveMax: 1, description: 'Correlation of the two factors (default 0).' }),
      noise: real({ min: 0, description: 'Standard deviation of the Gaussian noise (default 0.5).' }),
      seed,
    },
  ],
  [
    ddeTwoLayerPlugin,
    {
      n: rows(),
      likelihood: oneOf(['bernoulli', 'poisson', 'normal'], { description: "Observation model (default 'bernoulli')." }),
      k2: int({ min: 2, description: 'Width K2 of the top layer, even (default 2); K1 = 3 K2, J = 3 K1.' }),
      seed,
    },
  ],
  [
    contrastiveSimPlugin,
    {
      nBackground: int({ min: 0, description: 'Background rows, salient t = 0 (default 1000).' }),
      nTarget: int({ min: 0, description: 'Target rows (default 1000).' }),
      dz: int({ min: 1, description: 'Dimension of the shared latents z (default 2).' }),
      dt: int({ min: 1, description: 'Dimension of the salient latents t (default 2).' }),
      dx: int({ min: 1, description: 'Dimension of the observations x (default 10).' }),
      hidden: int({ min: 1, description: 'Width of the two hidden ReLU layers (default 32).' }),
      noise: real({ min: 0, description: 'Standard deviation of the observation noise (default 0.1).' }),
      seed,
    },
  ],
  [
    ldaCorpusPlugin,
    {
      nDocs: rows('documents', 200),
      vocabSize: int({ min: 1, description: 'Vocabulary size V (default 500).' }),
      nTopics: int({ min: 1, description: 'Number of topics K (default 5).' }),
      docLength: real({ min: 0, description: 'Mean document length (Poisson; default 100).' }),
      alpha: real({ exclusiveMin: 0, description: 'Document-topic concentration alpha (default 0.1).' }),
      eta: real({ exclusiveMin: 0, description: 'Topic-word concentration eta (default 0.01).' }),
      seed,
    },
  ],
]);

/** The option specs the CLI knows for `plugin`, or `undefined` for a plugin it has none for. */
export function datasetOptionSpecs(plugin: DatasetPlugin): DatasetOptionSpecs | undefined {
  return DATASET_OPTION_SPECS.get(plugin);
}
