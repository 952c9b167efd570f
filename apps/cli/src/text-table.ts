/** Options of {@link formatTable}. */
export interface TableOptions {
  /** Spaces before every line. */
  readonly indent?: number;
  /** Print the header row (default true). */
  readonly header?: boolean;
  /** Right-align these columns (numbers). */
  readonly right?: readonly number[];
}

/**
 * Align rows of cells into columns separated by two spaces, without trailing blanks.
 * @example
 * ```ts
 * formatTable(['a', 'bb'], [['1', '2']]); // 'a  bb\n1  2'
 * ```
 */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], options: TableOptions = {}): string {
  const all = (options.header ?? true) ? [header, ...rows] : rows;
  const text = all.map((r) => r.map(String));
  const widths = header.map((_, j) => Math.max(0, ...text.map((r) => (r[j] ?? '').length)));
  const pad = ' '.repeat(options.indent ?? 0);
  return text
    .map(
      (r) =>
        pad +
        r
          .map((c, j) => (options.right?.includes(j) ? c.padStart(widths[j]) : j === r.length - 1 ? c : c.padEnd(widths[j])))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

/** A score for people: 6 significant digits, or `NaN`/`Infinity` as is. */
export function formatScore(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}
