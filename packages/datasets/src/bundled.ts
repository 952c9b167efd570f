import { fileURLToPath } from 'node:url';
import { loadDenseCsv, type DenseCsvOptions, type DenseDataset } from '@latentkit/core';

/** Names of the data sets shipped in the package's `data/` folder. */
export type BundledName = 'faithful' | 'iris' | 'penguins' | 'wine' | 'breast_cancer';

/** What `data/README.md` documents about a bundled file; the tests check the files against it. */
export interface BundledInfo {
  /** The data set's name, also its key in {@link BUNDLED}. */
  readonly name: BundledName;
  /** File name in the package's `data/` folder. */
  readonly file: string;
  /** Number of data rows (the header excluded). */
  readonly rows: number;
  /** Rows in the training part under the latentkit split rule. */
  readonly train: number;
  /** Rows in the test part under the latentkit split rule (`train + test = rows`). */
  readonly test: number;
  /** Feature columns, in file order. */
  readonly columns: number;
  /** Label column, if the set has one. */
  readonly label?: string;
  /** MD5 digest of the file, in hex. */
  readonly md5: string;
  /** One sentence on what the rows and columns are. */
  readonly description: string;
  /** Licence of the data. */
  readonly license: string;
  /** Where the data come from (publication or upstream copy). */
  readonly source: string;
}

/** The bundled data sets, as documented in `data/README.md`. */
export const BUNDLED: Readonly<Record<BundledName, BundledInfo>> = {
  faithful: {
    name: 'faithful',
    file: 'faithful.csv',
    rows: 272,
    train: 218,
    test: 54,
    columns: 2,
    md5: '884686a3bcad2809ccdf7de32db6b685',
    description: 'Old Faithful geyser: eruption time and waiting time to the next eruption (minutes); two clusters.',
    license: 'shipped with R (GPL-2 | GPL-3); factual measurements',
    source: 'R datasets::faithful (Härdle 1991; Azzalini & Bowman 1990)',
  },
  iris: {
    name: 'iris',
    file: 'iris.csv',
    rows: 150,
    train: 120,
    test: 30,
    columns: 4,
    label: 'label',
    md5: 'fa0c01354e914abe08fcd866274357bc',
    description: "Fisher's iris: four flower measurements (cm), three species (0 setosa, 1 versicolor, 2 virginica).",
    license: 'UCI lists CC BY 4.0; scikit-learn copy BSD-3-Clause',
    source: "Anderson 1935, Fisher 1936; scikit-learn's bundled iris.csv",
  },
  penguins: {
    name: 'penguins',
    file: 'penguins.csv',
    rows: 342,
    train: 274,
    test: 68,
    columns: 4,
    label: 'species',
    md5: '5f7e5c42160c0461e021e1be014c04cd',
    description: 'Palmer penguins: bill length and depth, flipper length (mm), body mass (g); species Adelie, Chinstrap, Gentoo.',
    license: 'CC0-1.0 (data); vega-datasets BSD-3-Clause',
    source: 'Gorman, Williams & Fraser 2014 (R package palmerpenguins), via npm vega-datasets@3.2.1',
  },
  wine: {
    name: 'wine',
    file: 'wine.csv',
    rows: 178,
    train: 143,
    test: 35,
    columns: 13,
    label: 'label',
    md5: 'e36d9a1a338e15d8652c6ec979fa6183',
    description: 'Wine: 13 chemical measurements of wines from three cultivars (labels 0/1/2).',
    license: 'UCI lists CC BY 4.0; scikit-learn copy BSD-3-Clause',
    source: "UCI Wine (Forina et al.); scikit-learn's bundled wine_data.csv",
  },
  breast_cancer: {
    name: 'breast_cancer',
    file: 'breast_cancer.csv',
    rows: 569,
    train: 456,
    test: 113,
    columns: 30,
    label: 'label',
    md5: '0a2541c48790e481a25cf9ba47909c1c',
    description: 'Breast Cancer Wisconsin (Diagnostic): 30 features of cell nuclei; 0 malignant, 1 benign.',
    license: 'UCI lists CC BY 4.0; scikit-learn copy BSD-3-Clause',
    source: "Street, Wolberg & Mangasarian 1993; scikit-learn's bundled breast_cancer.csv",
  },
};

// One literal `new URL(...)` per file, so that bundlers that understand the pattern can copy the assets.
const URLS: Readonly<Record<BundledName, () => URL>> = {
  faithful: () => new URL('../data/faithful.csv', import.meta.url),
  iris: () => new URL('../data/iris.csv', import.meta.url),
  penguins: () => new URL('../data/penguins.csv', import.meta.url),
  wine: () => new URL('../data/wine.csv', import.meta.url),
  breast_cancer: () => new URL('../data/breast_cancer.csv', import.meta.url),
};

function resolveName(name: string): BundledName {
  const key = name.replace(/-/g, '_');
  if (!(key in BUNDLED)) throw new Error(`unknown bundled dataset '${name}'; available: ${Object.keys(BUNDLED).join(', ')}`);
  return key as BundledName;
}

/**
 * Path of a bundled CSV file, resolved relative to this module (works from `src/` and from `dist/`).
 * `breast-cancer` is accepted for `breast_cancer`.
 * @example
 * ```ts
 * bundledDataPath('faithful'); // …/node_modules/@latentkit/datasets/data/faithful.csv
 * ```
 */
export function bundledDataPath(name: BundledName | 'breast-cancer'): string {
  return fileURLToPath(URLS[resolveName(name)]());
}

/**
 * Load a bundled data set as a dense dataset, with its label column (`label`, or `species` for penguins; none
 * for faithful) and its train/test `split`.
 * @param options Loader options other than the label (e.g. `columns` to keep a subset of features).
 * @example
 * ```ts
 * const iris = await loadBundled('iris'); // 150 × 4, labels 0/1/2
 * ```
 */
export async function loadBundled(
  name: BundledName | 'breast-cancer',
  options: Omit<DenseCsvOptions, 'label' | 'delimiter' | 'header'> = {},
): Promise<DenseDataset> {
  const key = resolveName(name);
  const label = BUNDLED[key].label;
  return loadDenseCsv(bundledDataPath(key), { ...options, ...(label ? { label } : {}) });
}
