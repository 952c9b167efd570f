/** Quote a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A row-major matrix as CSV text with a header; numbers are written in their shortest exact form.
 * `extra` adds one more column (e.g. the sampled component) after the matrix columns.
 * @example
 * ```ts
 * matrixToCsv(['a', 'b'], 1, Float64Array.of(1, 2)); // 'a,b\n1,2\n'
 * ```
 */
export function matrixToCsv(
  columns: readonly string[],
  nRows: number,
  values: ArrayLike<number>,
  extra?: { readonly name: string; readonly values: readonly (string | number)[] },
): string {
  const d = columns.length;
  const lines: string[] = [[...columns, ...(extra ? [extra.name] : [])].map(csvField).join(',')];
  for (let i = 0; i < nRows; i++) {
    const cells: (string | number)[] = [];
    for (let j = 0; j < d; j++) cells.push(values[i * d + j]);
    if (extra) cells.push(extra.values[i]);
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
