/**
 * The group of each row (e.g. `background` / `target` for contrastive models), as written in the column `name` of
 * the file; that column is not among the data columns. `values[i]` is the group of row `i`.
 */
export interface RowGroups {
  readonly name: string;
  readonly values: readonly string[];
}

/**
 * A dense numeric matrix with optional labels and ground-truth factors.
 * `values` is row-major, `nRows × nCols`; `NaN` marks a missing cell.
 */
export interface DenseDataset {
  readonly kind: 'dense';
  readonly nRows: number;
  readonly nCols: number;
  readonly values: Float64Array;
  /** Feature names, one per column of `values`. */
  readonly columns: readonly string[];
  /** Values of the label column, if one was selected (numbers or strings). */
  readonly labels?: readonly (string | number)[];
  readonly labelName?: string;
  /** Ground-truth latent factors (`nRows × names.length`, row-major), for identifiability metrics. */
  readonly factors?: { readonly names: readonly string[]; readonly values: Float64Array };
  /** Row split read from a `split` column (`train`/`test`), if present. */
  readonly split?: readonly ('train' | 'test')[];
  /** Where the data came from (a file path or a generator name), used in error messages. */
  readonly source?: string;
  /** Row names, e.g. the unnamed first column R's `write.csv` writes. */
  readonly rowNames?: readonly string[];
  /** 1-based line in `source` of each row, so that later checks can point at the file line. */
  readonly lines?: Int32Array;
  /** The group of each row, read from a group column (e.g. `--group <column>`), if one was named. */
  readonly groups?: RowGroups;
}

/**
 * A sparse count matrix in compressed sparse row (CSR) form: documents × vocabulary for topic models.
 * Row `i` holds the entries `indptr[i] .. indptr[i+1]-1` of `indices` (column ids) and `data` (counts).
 */
export interface CountDataset {
  readonly kind: 'counts';
  readonly nRows: number;
  readonly nCols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
  readonly vocabulary?: readonly string[];
  readonly rowNames?: readonly string[];
  readonly split?: readonly ('train' | 'test')[];
  readonly source?: string;
  /** The group of each row, if the data has groups. */
  readonly groups?: RowGroups;
}

/** Any data a latentkit model can be fitted to. */
export type Dataset = DenseDataset | CountDataset;
