import { UsageError } from './errors.js';

/**
 * Turn repeated `--set name=value` strings into a record of strings (validated and coerced later by the registry).
 * @param flag The option, for the message (`--set`, or `--data` for dataset options).
 * @example
 * ```ts
 * parseSetOptions(['nComponents=2', 'covarianceType=diag']); // { nComponents: '2', covarianceType: 'diag' }
 * ```
 */
export function parseSetOptions(items: readonly string[] = [], flag = '--set'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    if (!name) throw new UsageError(`${flag} expects name=value, got '${item}'`);
    out[name] = item.slice(eq + 1).trim();
  }
  return out;
}

/** Parse `--columns a,b,c` into names, rejecting empty names. */
export function parseColumnList(text: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--columns expects comma-separated column names, got '${text}'`);
  return names;
}

/** Parse a non-negative integer option such as `--seed` or `-n`. */
export function parseCount(option: string, text: string, min = 0): number {
  const v = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(v) || v < min) {
    throw new UsageError(`${option} expects an integer >= ${min}, got '${text}'`);
  }
  return v;
}
