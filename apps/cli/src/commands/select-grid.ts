import { UsageError } from '../errors.js';

/** One hyperparameter that `select` varies and the values it takes, as given on the command line. */
export interface GridAxis {
  readonly name: string;
  readonly values: readonly string[];
}

/** The hyperparameters of one fit of `select`: name → value as given (the registry coerces and checks it). */
export type GridSetting = Readonly<Record<string, string>>;

/**
 * Parse `--k`: a range `a..b` (inclusive), a comma-separated list, or one integer; every value an integer ≥ 1.
 * @example
 * ```ts
 * parseKRange('1..4'); // [1, 2, 3, 4]
 * parseKRange('2,4,8'); // [2, 4, 8]
 * ```
 */
export function parseKRange(text: string): number[] {
  const fail = (): never => {
    throw new UsageError(`--k expects a range a..b, a list a,b,c or one integer, all >= 1; got '${text}'`);
  };
  const int = (t: string): number => (/^\s*\d+\s*$/.test(t) && Number(t) >= 1 && Number.isSafeInteger(Number(t)) ? Number(t) : fail());
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (range) {
    const [a, b] = [int(range[1]), int(range[2])];
    if (b < a || b - a > 999) fail();
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const values = text.split(',').map(int);
  return [...new Set(values)];
}

/**
 * Parse one `--grid name=v1;v2;…`: the values are separated by `;` (so that a value may be a list such as `[6,2]`)
 * and each is passed to the model as `--set name=value` would be.
 * @example
 * ```ts
 * parseGridOption('layers=[6,2];[5,2]'); // { name: 'layers', values: ['[6,2]', '[5,2]'] }
 * ```
 */
export function parseGridOption(text: string): GridAxis {
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  const values =
    eq < 0
      ? []
      : text
          .slice(eq + 1)
          .split(';')
          .map((v) => v.trim());
  if (!name || values.length === 0 || values.some((v) => v === '')) throw new UsageError(`--grid expects name=value1;value2;..., got '${text}'`);
  return { name, values: [...new Set(values)] };
}

/**
 * Every combination of the axes' values (the first axis varies slowest), in order.
 * @throws UsageError when two axes name the same hyperparameter.
 */
export function gridSettings(axes: readonly GridAxis[]): GridSetting[] {
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.name)) throw new UsageError(`select varies '${a.name}' twice (--k with --param, or --grid)`);
    seen.add(a.name);
  }
  return axes.reduce<GridSetting[]>((settings, axis) => settings.flatMap((s) => axis.values.map((v) => ({ ...s, [axis.name]: v }))), [{}]);
}

/** A setting as `name=value name=value`, for progress labels and messages. */
export const settingLabel = (setting: GridSetting): string =>
  Object.entries(setting)
    .map(([n, v]) => `${n}=${v}`)
    .join(' ');

/**
 * A setting with each value as JSON reads it (`'300'` → 300, `'[6,2]'` → [6, 2]; other text, such as `auto`, stays
 * text), for the `--json` rows.
 */
export function settingValues(setting: GridSetting): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(setting).map(([n, v]) => {
      try {
        return [n, JSON.parse(v) as unknown];
      } catch {
        return [n, v];
      }
    }),
  );
}
