/**
 * Cells read as missing: empty or blank cells and pandas' default `na_values`
 * (`NA`, `N/A`, `NaN`, `nan`, `NULL`, `None`, ...).
 */
const MISSING_TOKENS = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'NAN',
  'None',
  'n/a',
  'nan',
  'null',
]);

const INFINITY_TOKENS = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);

const NON_DECIMAL = /^\s*[+-]?0[xXbBoO]/;

/**
 * Parse one cell as a decimal number, strictly.
 *
 * Returns the number; `NaN` for a missing-value token (empty, blank, `NA`, `NaN`, ...);
 * `±Infinity` for `Inf`/`Infinity` in any case; `undefined` for anything else.
 * Unlike `Number()`, the empty string is not 0 and hexadecimal, binary and octal literals are rejected.
 */
export function parseCell(cell: string): number | undefined {
  const v = Number(cell);
  if (v === v) {
    if (v === 0) return cell.trim() === '' ? NaN : NON_DECIMAL.test(cell) ? undefined : v;
    const c0 = cell.charCodeAt(0);
    if ((c0 === 48 || c0 <= 32 || c0 === 43 || c0 === 45) && NON_DECIMAL.test(cell)) return undefined;
    return v;
  }
  const t = cell.trim();
  if (MISSING_TOKENS.has(t)) return NaN;
  return INFINITY_TOKENS.get(t.toLowerCase());
}

/** Describe a cell that `parseCell` read as missing, for error messages. */
export function describeMissing(cell: string): string {
  return cell.trim() === '' ? 'missing value (empty cell)' : `missing value ${JSON.stringify(cell.trim())}`;
}
