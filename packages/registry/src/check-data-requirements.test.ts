import { DataError, type CountDataset, type DenseDataset } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { API_VERSION, type DataRequirements, type ModelPlugin } from './contract.js';
import { checkDataRequirements } from './registry.js';

const plugin = (data: DataRequirements): ModelPlugin =>
  ({ kind: 'model', meta: { id: 'm', namespace: 'toy', name: '@test/p', version: '1.0.0', apiVersion: API_VERSION }, data }) as ModelPlugin;

const dense = (values: number[], nCols: number, source = 'data.csv'): DenseDataset => ({
  kind: 'dense',
  nRows: values.length / nCols,
  nCols,
  values: Float64Array.from(values),
  columns: Array.from({ length: nCols }, (_, j) => `c${j + 1}`),
  source,
});

/** Two documents over three words: [[1, 0, 2], [0, 3, 0]] in CSR form. */
const counts = (data = [1, 2, 3]): CountDataset => ({
  kind: 'counts',
  nRows: 2,
  nCols: 3,
  indptr: Int32Array.from([0, 2, 3]),
  indices: Int32Array.from([0, 2, 1]),
  data: Float64Array.from(data),
  vocabulary: ['a', 'b', 'c'],
  source: 'docs.mtx',
});

const check = (req: DataRequirements, data: DenseDataset | CountDataset) => () => checkDataRequirements('toy/m', plugin(req), data);

describe('checkDataRequirements', () => {
  it('accepts data that meets the requirements', () => {
    expect(check({ kind: 'dense' }, dense([1, 2, 3, 4], 2))).not.toThrow();
    expect(check({ kind: 'counts', integer: true, nonNegative: true }, counts())).not.toThrow();
    expect(check({ kind: 'dense', allowsMissing: true }, dense([1, NaN], 2))).not.toThrow();
  });

  it('rejects dense data for a counts model and the reverse, in words', () => {
    expect(check({ kind: 'counts', integer: true, nonNegative: true }, dense([1, 2], 1))).toThrowErrorMatchingInlineSnapshot(
      `[Error: toy/m needs a count matrix, but data.csv is a dense matrix]`,
    );
    expect(check({ kind: 'dense' }, counts())).toThrowErrorMatchingInlineSnapshot(
      `[Error: toy/m needs a dense numeric matrix, but docs.mtx is a count matrix]`,
    );
  });

  it('asks for row groups when the model needs them, and at least 2 distinct values', () => {
    const grouped = (values: string[]): DenseDataset => ({ ...dense([1, 2, 3], 1), groups: { name: 'cond', values } });
    expect(check({ kind: 'dense', groups: true }, dense([1, 2], 1))).toThrow(
      new Error("toy/m needs row groups: give --group <column> (the column holding each row's group)"),
    );
    expect(check({ kind: 'dense', groups: true }, grouped(['target', 'target', 'target']))).toThrow(
      new Error("toy/m needs at least 2 row groups, but the group column 'cond' of data.csv has only the value 'target'"),
    );
    expect(check({ kind: 'dense', groups: true }, grouped(['background', 'target', 'target']))).not.toThrow();
    expect(check({ kind: 'dense' }, dense([1, 2], 1))).not.toThrow();
    expect(check({ kind: 'dense' }, grouped(['a', 'a', 'a']))).not.toThrow();
  });

  it('enforces minRows', () => {
    expect(check({ kind: 'dense', minRows: 3 }, dense([1, 2], 1))).toThrowErrorMatchingInlineSnapshot(
      `[Error: toy/m needs at least 3 rows, but data.csv has 2]`,
    );
    expect(check({ kind: 'dense', minRows: 2 }, dense([1, 2], 1))).not.toThrow();
  });

  it('rejects NaN when the model does not allow missing values, naming the cell', () => {
    const run = check({ kind: 'dense', allowsMissing: false }, dense([1, 2, 3, NaN], 2));
    expect(run).toThrow(DataError);
    expect(run).toThrow(/data\.csv.*column 'c2'.*missing value \(NaN\), but toy\/m does not accept missing values/);
    expect(check({ kind: 'dense' }, dense([1, Infinity], 2))).toThrow(/expected a finite number, got Infinity/);
  });

  it('with the fit parameters, rejects NaN when allowsMissingWith is not met and says which values fit them', () => {
    const req: DataRequirements = { kind: 'dense', allowsMissing: true, allowsMissingWith: { method: 'em', exact: true } };
    const withParams = (params: Record<string, unknown>) => () => checkDataRequirements('toy/m', plugin(req), dense([1, 2, NaN, 4], 2), params);
    expect(withParams({ method: 'closed-form', exact: true })).toThrow(
      "data.csv: row 2, column 'c1' (1): missing value (NaN), but toy/m with method=closed-form does not accept missing values; set method=em to fit them",
    );
    expect(withParams({ method: 'closed-form', exact: false })).toThrow(
      'but toy/m with method=closed-form, exact=false does not accept missing values; set method=em, exact=true to fit them',
    );
    expect(withParams({ method: 'em', exact: true })).not.toThrow();
    // Without parameters (checking a file against every model) only allowsMissing counts.
    expect(check(req, dense([1, NaN], 2))).not.toThrow();
    // Complete data fits whatever the parameters.
    expect(() => checkDataRequirements('toy/m', plugin(req), dense([1, 2], 2), { method: 'closed-form' })).not.toThrow();
  });

  it('rejects counts that are negative or fractional for an integer, non-negative model', () => {
    const req: DataRequirements = { kind: 'counts', integer: true, nonNegative: true };
    expect(check(req, counts([1, -2, 3]))).toThrow(/docs\.mtx.*column 'c'.*expected a non-negative integer count, got -2/);
    expect(check(req, counts([1, 2, 0.5]))).toThrow(/expected a non-negative integer count, got 0\.5/);
    expect(check({ kind: 'counts' }, counts([1, 2, 0.5]))).not.toThrow();
  });
});
