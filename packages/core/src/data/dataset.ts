/**
 * The group of each row (e.g. `background` / `target` for contrastive models), as written in the column `name` of
 * the file; that column is not among the data columns. `values[i]` is the group of row `i`.
 */
export interface RowGroups {
  /** Name of the group column in the file (e.g. `condition`). */
  readonly name: string;
  /** The group of each row, `nRows` entries, as the column's text. */
  readonly values: readonly string[];
}

/**
 * A dense numeric matrix with optional labels and ground-truth factors.
 * `values` is row-major, `nRows × nCols`; `NaN` marks a missing cell.
 */
export interface DenseDataset {
  /** Discriminant of {@link Dataset}: a dense matrix. */
  readonly kind: 'dense';
  /** Number of rows (observations), N ≥ 0. */
  readonly nRows: number;
  /** Number of data columns (features), D ≥ 0; the label, split, group and factor columns are not among them. */
  readonly nCols: number;
  /** The cells, N×D row-major: cell (i, j) is `values[i * nCols + j]`; `NaN` marks a missing cell. */
  readonly values: Float64Array;
  /** Feature names, one per column of `values`. */
  readonly columns: readonly string[];
  /** Values of the label column, if one was selected (numbers or strings). */
  readonly labels?: readonly (string | number)[];
  /** Name of the label column that `labels` was read from. */
  readonly labelName?: string;
  /** Ground-truth latent factors (`nRows × names.length`, row-major), for identifiability metrics. */
  readonly factors?: {
    /** Factor names, one per factor column (e.g. `z0`, `z1`). */
    readonly names: readonly string[];
    /** The factor values, `nRows × names.length`, row-major. */
    readonly values: Float64Array;
  };
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
  /** Discriminant of {@link Dataset}: a sparse count matrix. */
  readonly kind: 'counts';
  /** Number of rows (documents), N ≥ 0. */
  readonly nRows: number;
  /** Number of columns (vocabulary size), V ≥ 0. */
  readonly nCols: number;
  /** Row pointers, N + 1 non-decreasing offsets into `indices`/`data`, from `indptr[0] = 0` to `indptr[N] = nnz`. */
  readonly indptr: Int32Array;
  /** Column id of each stored entry, in [0, V), nnz entries. */
  readonly indices: Int32Array;
  /** Count of each stored entry, nnz entries (non-negative; absent entries are 0). */
  readonly data: Float64Array;
  /** The term of each column, V entries, when known. */
  readonly vocabulary?: readonly string[];
  /** Row (document) names, N entries, when known. */
  readonly rowNames?: readonly string[];
  /** Row split (`train`/`test`), N entries, if the data has one. */
  readonly split?: readonly ('train' | 'test')[];
  /** Where the data came from (a file path or a generator name), used in error messages. */
  readonly source?: string;
  /** The group of each row, if the data has groups. */
  readonly groups?: RowGroups;
}

/** Any data a latentkit model can be fitted to. */
export type Dataset = DenseDataset | CountDataset;
