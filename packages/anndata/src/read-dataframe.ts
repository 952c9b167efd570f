import type { Dataset, Group } from 'h5wasm';
import { isDataset, isGroup, nodeAt, numericValues, stringAttr, stringValues } from './h5-values.js';

/** A problem reading a dataframe element, one line without the file name (the caller adds it). */
export class DataframeProblem extends Error {}

/** The dataframe group at `path` (`obs`, `var`); anndata before 0.7 stored a compound dataset instead. */
export function dataframeGroup(root: Group, path: string): Group {
  const node = nodeAt(root, path);
  if (node !== null && isGroup(node)) return node;
  if (node === null) throw new DataframeProblem(`has no '${path}' dataframe`);
  throw new DataframeProblem(`'${path}' is a dataset (the layout of anndata before 0.7), not a dataframe group; re-save the file with anndata ≥ 0.7`);
}

/** The name of a dataframe's index column: its `_index` attribute, else `_index`. */
const indexName = (df: Group): string => stringAttr(df, '_index') ?? '_index';

/** The data columns of a dataframe: its `column-order` attribute when present, else its members other than the index. */
export function dataframeColumns(df: Group): string[] {
  const attr = 'column-order' in df.attrs ? df.attrs['column-order'].value : undefined;
  if (Array.isArray(attr) && attr.every((c) => typeof c === 'string')) return attr as string[];
  if (typeof attr === 'string') return [attr];
  const index = indexName(df);
  return df.keys().filter((k) => k !== index && k !== '__categories');
}

/** The index of a dataframe (`var` → feature names, `obs` → cell names) as strings. */
export function dataframeIndex(df: Group, path: string): string[] {
  const name = indexName(df);
  const node = nodeAt(df, name);
  if (node === null || !isDataset(node)) throw new DataframeProblem(`'${path}' has no index dataset '${path}/${name}' (named by its _index attribute)`);
  const values = textOrNumbers(node);
  if (!values) throw new DataframeProblem(`the index '${path}/${name}' holds neither strings nor numbers`);
  return values.map((v) => v ?? '');
}

/**
 * The values of column `name` of a dataframe as text, `undefined` where a value is missing: a categorical
 * (anndata ≥ 0.8: a group with `categories` and integer `codes`, code −1 missing; anndata 0.7: integer codes with
 * the categories in `<df>/__categories/<name>`), a string array, a nullable integer or boolean (`values` and `mask`),
 * or a numeric array (numbers written as JavaScript writes them; NaN missing).
 */
export function dataframeColumn(df: Group, path: string, name: string): (string | undefined)[] {
  const node = nodeAt(df, name);
  if (node === null) throw new DataframeProblem(`'${path}' has no column '${name}'`);
  const where = `'${path}/${name}'`;
  const encoding = stringAttr(node, 'encoding-type');
  if (isGroup(node)) {
    if (encoding === 'categorical') return categorical(node, where);
    if (encoding === 'nullable-integer' || encoding === 'nullable-boolean') return nullable(node, where);
    throw new DataframeProblem(`column ${where} has the unsupported encoding '${encoding ?? 'none'}'; expected categorical, string-array, array or nullable`);
  }
  if (encoding !== undefined && encoding !== 'string-array' && encoding !== 'array') {
    throw new DataframeProblem(`column ${where} has the unsupported encoding '${encoding}'; expected categorical, string-array, array or nullable`);
  }
  const legacy = nodeAt(df, `__categories/${name}`);
  if (legacy !== null && isDataset(legacy)) return decode(codesOf(node, where), categoriesOf(legacy, `'${path}/__categories/${name}'`), where);
  const values = textOrNumbers(node);
  if (!values) throw new DataframeProblem(`column ${where} holds neither strings nor numbers`);
  return values;
}

function categorical(group: Group, where: string): (string | undefined)[] {
  const categories = nodeAt(group, 'categories');
  const codes = nodeAt(group, 'codes');
  if (categories === null || codes === null || !isDataset(categories) || !isDataset(codes)) {
    throw new DataframeProblem(`categorical column ${where} needs the datasets 'categories' and 'codes'`);
  }
  return decode(codesOf(codes, where), categoriesOf(categories, `${where}/categories`), where);
}

function nullable(group: Group, where: string): (string | undefined)[] {
  const values = nodeAt(group, 'values');
  const mask = nodeAt(group, 'mask');
  if (values === null || mask === null || !isDataset(values) || !isDataset(mask))
    throw new DataframeProblem(`nullable column ${where} needs the datasets 'values' and 'mask'`);
  const v = textOrNumbers(values);
  const m = numericValues(mask);
  if (!v || !m || m.length !== v.length) throw new DataframeProblem(`nullable column ${where}: 'values' and 'mask' must be arrays of the same length`);
  return v.map((x, i) => (m[i] ? undefined : x));
}

function codesOf(ds: Dataset, where: string): ArrayLike<number> {
  const codes = numericValues(ds);
  if (!codes) throw new DataframeProblem(`the codes of categorical column ${where} are not integers`);
  return codes;
}

function categoriesOf(ds: Dataset, where: string): string[] {
  const values = textOrNumbers(ds);
  if (!values) throw new DataframeProblem(`the categories ${where} hold neither strings nor numbers`);
  return values.map((v) => v ?? '');
}

function decode(codes: ArrayLike<number>, categories: readonly string[], where: string): (string | undefined)[] {
  return Array.from(codes, (c, i) => {
    if (c === -1) return undefined;
    if (!(Number.isInteger(c) && c >= 0 && c < categories.length)) {
      throw new DataframeProblem(
        `categorical column ${where}: code ${c} of row ${i + 1} is outside 0..${categories.length - 1} (${categories.length} categories)`,
      );
    }
    return categories[c];
  });
}

/** Strings as they are; numbers as text (`String`), NaN as missing. */
function textOrNumbers(ds: Dataset): (string | undefined)[] | undefined {
  const strings = stringValues(ds);
  if (strings) return strings;
  const numbers = numericValues(ds);
  return numbers && Array.from(numbers, (v) => (Number.isNaN(v) ? undefined : String(v)));
}
