import { delimiterForPath, detectDelimiter, parseCell, readCsvRecords, readTextFile, type DenseDataset } from '@latentkit/core';
import type { RowColumn } from './latent-scatter.js';

/** The feature columns of dense data as colourings, when there are at most `max` of them. */
export function featureColumns(data: DenseDataset, max = 30): RowColumn[] {
  if (data.nCols > max) return [];
  return data.columns.map((name, j) => ({ name, values: Array.from({ length: data.nRows }, (_, i) => data.values[i * data.nCols + j]) }));
}

/**
 * The columns of a delimited file that the dataset did not load (text columns other than the label, say), aligned
 * with the dataset's rows through its `lines`. Numeric columns come back as numbers. At most `max` columns.
 */
export async function otherFileColumns(file: string, data: DenseDataset, max = 10): Promise<RowColumn[]> {
  if (!data.lines) return [];
  const text = await readTextFile(file);
  const loaded = new Set([...data.columns, data.labelName ?? '', 'split']);
  let header: string[] | undefined;
  let keep: number[] = [];
  let shift = 0;
  const byLine = new Map<number, string[]>();
  readCsvRecords(
    text,
    delimiterForPath(file) ?? detectDelimiter(text),
    (fields, line) => {
      if (!header) {
        header = fields.map((f) => f.trim());
        keep = header
          .map((_, j) => j)
          .filter((j) => header![j] !== '' && !loaded.has(header![j]))
          .slice(0, max);
        return;
      }
      if (keep.length === 0) return;
      if (byLine.size === 0) shift = fields.length === header.length + 1 ? 1 : 0;
      byLine.set(
        line,
        keep.map((j) => fields[j + shift] ?? ''),
      );
    },
    { file },
  );
  if (!header || keep.length === 0) return [];
  const cells = Array.from(data.lines, (line) => byLine.get(line) ?? keep.map(() => ''));
  return keep.map((j, c) => {
    const raw = cells.map((r) => r[c].trim());
    const nums = raw.map((v) => parseCell(v));
    const numeric = nums.every((v) => v !== undefined && Number.isFinite(v));
    return { name: header![j], values: numeric ? (nums as number[]) : raw };
  });
}
