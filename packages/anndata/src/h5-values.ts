// Types only: the classes are h5wasm's Node build's, loaded lazily by h5-file.ts.
import type { Dataset, Entity, Group } from 'h5wasm';

/** An HDF5 group or dataset as h5wasm returns it, or null when the path does not exist. */
export type H5Node = Group | Dataset | null;

/** Whether an h5wasm object is a group (a file is one too). */
export const isGroup = (node: Entity | null): node is Group => (node as { type?: string } | null)?.type === 'Group';

/** Whether an h5wasm object is a dataset. */
export const isDataset = (node: Entity | null): node is Dataset => (node as { type?: string } | null)?.type === 'Dataset';

/** The object at `path` below `group` when it is a group or a dataset; null when absent (or another kind of object). */
export function nodeAt(group: Group, path: string): H5Node {
  const node = group.get(path);
  return isGroup(node) || isDataset(node) ? node : null;
}

/** A string attribute of `node` (anndata's `encoding-type`, `_index`), or undefined when absent or not a string. */
export function stringAttr(node: Group | Dataset, name: string): string | undefined {
  if (!(name in node.attrs)) return undefined;
  const v = node.attrs[name].value;
  return typeof v === 'string' ? v : undefined;
}

/** A numeric array attribute of `node` (a sparse matrix's `shape`), as numbers; undefined when absent. */
export function numbersAttr(node: Group | Dataset, name: string): number[] | undefined {
  if (!(name in node.attrs)) return undefined;
  const v = node.attrs[name].value;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as ArrayLike<number | bigint>, Number);
  return Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'bigint') ? v.map(Number) : undefined;
}

/** Numeric typed arrays h5wasm returns for HDF5 integer and float datasets. */
export type NumericArray = ArrayLike<number>;

/**
 * The values of a numeric dataset as numbers (64-bit integers converted with `Number`, exact below 2^53);
 * undefined when the dataset holds something else (strings, compounds, references).
 */
export function numericValues(ds: Dataset): NumericArray | undefined {
  const v = ds.value;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float64Array.from(v, Number);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v as unknown as NumericArray;
  return undefined;
}

/** The values of a dataset of strings (anndata's `string-array`), or undefined when it does not hold strings. */
export function stringValues(ds: Dataset): string[] | undefined {
  const v = ds.value;
  if (typeof v === 'string') return [v];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}
