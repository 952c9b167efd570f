import type { Group } from 'h5wasm';
import { isDataset, nodeAt, numbersAttr, numericValues, stringAttr, type NumericArray } from './h5-values.js';
import { compressedMatrixProblem, type CompressedMatrix } from './sparse-to-dense.js';

/** A matrix element of an AnnData file (`X` or `layers/<name>`) as stored: dense row-major, or compressed sparse. */
export type MatrixElement = { readonly format: 'dense'; readonly nRows: number; readonly nCols: number; readonly values: NumericArray } | CompressedMatrix;

/**
 * Read the matrix element at `path` (`X`, `layers/counts`): a 2-D numeric dataset (anndata's `array` encoding), or a
 * group encoded `csr_matrix`/`csc_matrix` with `data`, `indices`, `indptr` and a `shape` attribute (also the older
 * `h5sparse_format`/`h5sparse_shape` attributes). Returns a one-line problem (without the file) instead of throwing,
 * so that the caller names the file.
 */
export function readMatrixElement(root: Group, path: string): MatrixElement | string {
  const node = nodeAt(root, path);
  if (node === null) return `${path} is not a dataset or group`;
  const encoding = stringAttr(node, 'encoding-type');
  if (isDataset(node)) {
    if (encoding !== undefined && encoding !== 'array') return `${path} has the unsupported encoding '${encoding}'; expected array, csr_matrix or csc_matrix`;
    const shape = node.shape ?? [];
    if (shape.length !== 2) return `${path} is a ${shape.length}-dimensional array of shape [${shape.join(', ')}]; expected a 2-D cells × features matrix`;
    const values = numericValues(node);
    if (!values) return `${path} holds ${describeDtype(node.dtype)}, expected numbers`;
    return { format: 'dense', nRows: shape[0], nCols: shape[1], values };
  }
  const format = encoding ?? stringAttr(node, 'h5sparse_format');
  const sparse = format === 'csr_matrix' || format === 'csr' ? 'csr' : format === 'csc_matrix' || format === 'csc' ? 'csc' : undefined;
  if (!sparse) {
    return format === undefined
      ? `${path} is a group without an 'encoding-type' attribute; expected a dense array, csr_matrix or csc_matrix`
      : `${path} has the unsupported encoding '${format}'; expected array, csr_matrix or csc_matrix`;
  }
  const shape = numbersAttr(node, 'shape') ?? numbersAttr(node, 'h5sparse_shape');
  if (!shape || shape.length !== 2) return `${path} (${sparse}_matrix) has no 2-entry 'shape' attribute`;
  const parts: Record<'data' | 'indices' | 'indptr', NumericArray | undefined> = { data: undefined, indices: undefined, indptr: undefined };
  for (const name of ['data', 'indices', 'indptr'] as const) {
    const ds = nodeAt(node, name);
    const values = ds !== null && isDataset(ds) ? numericValues(ds) : undefined;
    if (!values) return `${path} (${sparse}_matrix) has no numeric '${name}' dataset`;
    parts[name] = values;
  }
  const m: CompressedMatrix = { format: sparse, nRows: shape[0], nCols: shape[1], indptr: parts.indptr!, indices: parts.indices!, data: parts.data! };
  const problem = compressedMatrixProblem(m);
  return problem === undefined ? m : `${path} (${sparse}_matrix): ${problem}`;
}

function describeDtype(dtype: unknown): string {
  return typeof dtype === 'string' ? `values of type '${dtype}'` : 'compound or array values';
}
