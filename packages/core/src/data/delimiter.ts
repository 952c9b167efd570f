import { isGzipPath } from './read-text.js';

/** How {@link chooseDelimiter} settled on a delimiter. */
export interface DelimiterChoice {
  /** The field delimiter, one character: `,`, `;`, a tab or a space. */
  readonly delimiter: string;
  /** True when it was read off the text and differs from the comma a CSV would have (a `;` or tab `.csv`, a space `.txt`). */
  readonly detected: boolean;
}

/** The delimiter as messages name it: `';'`, `','`, `tab`, `space`. */
export function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter === ' ' ? 'space' : `'${delimiter}'`;
}

/** The file name without a final `.gz`, lower-cased: what decides the format of `data.csv.gz`. */
const innerName = (path: string): string => {
  const lower = path.toLowerCase();
  return isGzipPath(lower) ? lower.slice(0, -3) : lower;
};

/** Delimiter implied by a file's extension (a final `.gz` is looked through): tab for `.tsv`/`.tab`, comma for `.csv`, undefined otherwise. */
export function delimiterForPath(path: string): string | undefined {
  const name = innerName(path);
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return '\t';
  if (name.endsWith('.csv')) return ',';
  return undefined;
}

/** Guess the delimiter from the first non-blank line: tab, then comma, semicolon, and space. */
export function detectDelimiter(text: string): string {
  const first = /[^\r\n]+/.exec(text)?.[0] ?? '';
  for (const d of ['\t', ',', ';']) if (first.includes(d)) return d;
  return first.trim().includes(' ') ? ' ' : ',';
}

/** The first `max` non-blank lines of `text` with quoted parts (`"..."`, which may hold delimiters) removed. */
function sampleLines(text: string, max: number): string[] {
  const out: string[] = [];
  const re = /[^\r\n]+/g;
  for (let m = re.exec(text); m && out.length < max; m = re.exec(text)) {
    const line = m[0].replace(/^\ufeff/, '').replace(/"[^"]*"?/g, '""');
    if (line.trim() !== '') out.push(line);
  }
  return out;
}

const count = (line: string, d: string): number => line.split(d).length - 1;

/**
 * The delimiter of a CSV file (or of text assumed to be CSV, such as standard input): a comma if the first non-blank
 * line has one outside quotes; otherwise `;` or tab, whichever that line has more of (European spreadsheets write
 * `;`-separated "CSV" files, with decimal commas); otherwise a comma (a file of one column).
 * @example
 * ```ts
 * csvDelimiter('a;b;c\n1;2;3\n'); // ';'
 * csvDelimiter('"x;y",z\n'); // ','
 * ```
 */
export function csvDelimiter(text: string): string {
  const first = sampleLines(text, 1)[0] ?? '';
  if (first.includes(',')) return ',';
  const semi = count(first, ';');
  const tab = count(first, '\t');
  if (semi === 0 && tab === 0) return ',';
  return semi >= tab ? ';' : '\t';
}

/**
 * The delimiter of delimited text when none is given: tab for `.tsv`/`.tab`, the first line's guess
 * ({@link detectDelimiter}) for `.txt`, and {@link csvDelimiter} for `.csv` and anything else (standard input, text).
 * A final `.gz` on `source` is looked through.
 * @example
 * ```ts
 * chooseDelimiter('a;b\n1;2\n', 'data.csv'); // { delimiter: ';', detected: true }
 * chooseDelimiter('a,b\n1,2\n', 'data.csv.gz'); // { delimiter: ',', detected: false }
 * ```
 */
export function chooseDelimiter(text: string, source?: string): DelimiterChoice {
  const implied = source === undefined ? undefined : delimiterForPath(source);
  if (implied === '\t') return { delimiter: '\t', detected: false };
  const delimiter = source !== undefined && innerName(source).endsWith('.txt') ? detectDelimiter(text) : csvDelimiter(text);
  return { delimiter, detected: delimiter !== ',' };
}

/**
 * Another delimiter the text seems to use, to suggest when reading it with `used` failed: one of `;`, tab, `,` and `|`
 * that splits each of the first (up to six) non-blank lines into the same number of fields, at least two, where
 * `used` does not split them consistently, or (not a comma) appears in every one of those lines inside what `used`
 * reads as cells.
 * Undefined when no delimiter fits better.
 * @example
 * ```ts
 * suggestDelimiter('weight, kg;height, cm\n70;180\n', ','); // ';'
 * suggestDelimiter('a,b\n1,2\n', ','); // undefined
 * ```
 */
export function suggestDelimiter(text: string, used: string): string | undefined {
  const lines = sampleLines(text, 6);
  if (lines.length === 0) return undefined;
  const consistent = (d: string): boolean => {
    const c = count(lines[0], d);
    return c > 0 && lines.every((l) => count(l, d) === c);
  };
  const usedFits = consistent(used);
  for (const d of [';', '\t', ',', '|']) {
    if (d === used || !consistent(d)) continue;
    if (!usedFits) return d;
    // Both split evenly: `d` is the better reading if it sits inside the cells `used` makes (e.g. "5;2"), unless `d` is
    // a comma, which inside cells is a decimal comma or text.
    if (d !== ',' && lines.every((l) => l.split(used).some((cell) => cell.includes(d)))) return d;
  }
  return undefined;
}
