/**
 * How error hints name loader options: as options of the API (`header: false`, the default) or as flags of the
 * latentkit command line (`--no-header`), so that a hint is something the reader can type where they are.
 */
export type HintStyle = 'api' | 'cli';

/** The loader options a hint can suggest. */
export type HintedOption =
  | {
      /** Read the first line as data, not as column names (`header: false`, `--no-header`). */
      readonly header: false;
    }
  | {
      /** The field delimiter to use, e.g. `;` (`delimiter`, `--delimiter`). */
      readonly delimiter: string;
    }
  | {
      /** The column to read as labels (`label`, `--label`). */
      readonly label: string;
    };

/**
 * Spell a suggested option in `style`.
 * @example
 * ```ts
 * optionHint({ delimiter: ';' }, 'cli'); // "--delimiter ';'"
 * optionHint({ header: false }, 'api'); // 'header: false'
 * ```
 */
export function optionHint(option: HintedOption, style: HintStyle = 'api'): string {
  const cli = style === 'cli';
  if ('header' in option) return cli ? '--no-header' : 'header: false';
  if ('delimiter' in option) return cli ? `--delimiter ${shellQuote(option.delimiter)}` : `delimiter: ${JSON.stringify(option.delimiter)}`;
  return cli ? `--label ${shellQuote(option.label)}` : `label: ${JSON.stringify(option.label)}`;
}

/** Quote text for a POSIX shell when it needs it; a tab is written as `'\t'`, which `--delimiter` accepts. */
function shellQuote(text: string): string {
  if (text === '\t') return "'\\t'";
  return /^[A-Za-z0-9_.,:/@%+-]+$/.test(text) && text !== ',' ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
