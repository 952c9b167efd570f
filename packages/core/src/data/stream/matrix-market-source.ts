import { DataError } from '../data-error.js';
import { parseMatrixMarket } from '../matrix-market.js';
import { checkReadable, countLines, fileChunks, RecordText, STREAM_CHUNK_BYTES, type ChunkOpener } from './file-chunks.js';
import { checkBlockRows, type RowBlock, type RowSource, type StreamCounters } from './row-source.js';

/** Options of {@link openMatrixMarketSource}. */
export interface MatrixMarketSourceOptions {
  /** Require non-negative integer entries (default `true`, as `loadMatrixMarket`). */
  readonly counts?: boolean;
  /** Rows per block (default 8,192). */
  readonly blockRows?: number;
  /** Bytes read at a time (default 64 KiB). */
  readonly chunkBytes?: number;
}

/** A streamed Matrix Market file. */
export interface MatrixMarketSource extends RowSource {
  readonly nRows: number;
  readonly counters: StreamCounters;
}

/**
 * Stream a Matrix Market coordinate file (also `.gz`) as dense blocks of rows (a row without entries is a row of
 * zeros; duplicate entries are summed, as `loadMatrixMarket` does). The entries must be sorted by row (column order
 * within a row is free): an entry of an earlier row after a later one is refused in one line naming its line. The
 * `array` format is refused too: it stores the matrix column by column, so no row is complete before the last
 * column. Every other error is `loadMatrixMarket`'s, for the same line (a failing entry is read again by
 * `parseMatrixMarket`).
 * @example
 * ```ts
 * const src = await openMatrixMarketSource('counts.mtx');
 * src.nRows; // from the size line
 * ```
 */
export async function openMatrixMarketSource(path: string, options: MatrixMarketSourceOptions = {}): Promise<MatrixMarketSource> {
  await checkReadable(path);
  return matrixMarketSource(fileChunks(path, options.chunkBytes ?? STREAM_CHUNK_BYTES), path, options);
}

/** {@link openMatrixMarketSource} over any chunked text. */
export async function matrixMarketSource(open: ChunkOpener, file: string, options: MatrixMarketSourceOptions = {}): Promise<MatrixMarketSource> {
  const blockRows = checkBlockRows(options.blockRows);
  const counts = options.counts ?? true;
  const head = await readPreamble(open, file);
  const { m, n, nnz, pattern, sizeLine } = head;
  const counters: StreamCounters = { peakRowsHeld: 0, peakTextChars: 0, passes: 0 };
  const replay = (raw: string, line: number): never => {
    parseMatrixMarket(head.text + '\n'.repeat(Math.max(1, line - head.lines)) + raw, { source: file, counts });
    throw new DataError('cannot read this entry', { file, line });
  };

  async function* blocks(): AsyncIterable<RowBlock> {
    counters.passes++;
    const text = new RecordText(false);
    let lineNo = 0;
    let k = 0;
    let row = 0; // next row to complete
    let blockStart = 0;
    let values = new Float64Array(Math.min(blockRows, Math.max(m, 1)) * n);
    let firstLine = 0;
    const ready: RowBlock[] = [];
    let lastRow = -1;
    let lastLine = 0;

    /** Complete the rows before `upTo` (they have no more entries), emitting full blocks. */
    const completeRows = (upTo: number, line: number): void => {
      while (row < upTo) {
        row++;
        if (row - blockStart === blockRows || row === m) {
          const size = row - blockStart;
          ready.push({ values: values.subarray(0, size * n), nRows: size, start: blockStart, line: firstLine || line });
          blockStart = row;
          values = new Float64Array(Math.min(blockRows, Math.max(m - row, 1)) * n);
          firstLine = 0;
        }
      }
      counters.peakRowsHeld = Math.max(counters.peakRowsHeld, row - blockStart + ready.reduce((s, b) => s + b.nRows, 0));
    };

    const process = (chunk: string): void => {
      let pos = 0;
      while (pos < chunk.length) {
        let end = chunk.indexOf('\n', pos);
        if (end < 0) end = chunk.length;
        lineNo++;
        const raw = chunk.slice(pos, end);
        pos = end + 1;
        if (lineNo <= sizeLine) continue;
        const t = raw.trim();
        if (t === '' || t.startsWith('%')) continue;
        if (k === nnz) throw new DataError(`more entries than the ${nnz} the size line (line ${sizeLine}) declares`, { file, line: lineNo });
        const parts = t.split(/\s+/);
        const i = Number(parts[0]);
        const j = Number(parts[1]);
        let v = 1;
        if (!pattern) v = parts[2] === '' || parts[2] === undefined ? NaN : Number(parts[2]);
        const ok =
          parts.length === (pattern ? 2 : 3) &&
          Number.isInteger(i) &&
          i >= 1 &&
          i <= m &&
          Number.isInteger(j) &&
          j >= 1 &&
          j <= n &&
          Number.isFinite(v) &&
          (!counts || (v >= 0 && Number.isInteger(v))) &&
          (head.field !== 'integer' || Number.isInteger(v));
        if (!ok) replay(raw, lineNo);
        if (i - 1 < lastRow) {
          throw new DataError(
            `entry of row ${i} after an entry of row ${lastRow + 1} (line ${lastLine}): a streamed Matrix Market file must be sorted by row (e.g. sort -n -k1,1 -s on the entries, or load it in memory)`,
            { file, line: lineNo },
          );
        }
        lastRow = i - 1;
        lastLine = lineNo;
        completeRows(i - 1, lineNo);
        if (firstLine === 0) firstLine = lineNo;
        values[(i - 1 - blockStart) * n + (j - 1)] += v;
        k++;
      }
    };

    for await (const chunk of open()) {
      process(text.push(chunk));
      counters.peakTextChars = Math.max(counters.peakTextChars, text.peak);
      while (ready.length > 0) yield ready.shift()!;
    }
    process(text.end());
    if (k < nnz) throw new DataError(`the size line declares ${nnz} entries but the file has ${k}`, { file, line: sizeLine });
    completeRows(m, lineNo);
    while (ready.length > 0) yield ready.shift()!;
  }

  return { source: file, nCols: n, columns: Array.from({ length: n }, (_, j) => `x${j + 1}`), blockRows, nRows: m, blocks, counters };
}

interface Preamble {
  readonly m: number;
  readonly n: number;
  readonly nnz: number;
  readonly field: string;
  readonly pattern: boolean;
  /** 1-based line of the size line. */
  readonly sizeLine: number;
  /** The text up to and including the size line, and its number of lines. */
  readonly text: string;
  readonly lines: number;
}

/**
 * The banner and size line, checked by `parseMatrixMarket` itself (same errors; an entry-free copy of the preamble
 * with zero entries declared), and the `array` format refused.
 */
async function readPreamble(open: ChunkOpener, file: string): Promise<Preamble> {
  const lines = new RecordText(false);
  let text = '';
  let done = false;
  for await (const chunk of open()) {
    text += lines.push(chunk);
    if (sizeLineIndex(text) >= 0) break;
  }
  if (sizeLineIndex(text) < 0) {
    text += lines.end();
    if (!text.endsWith('\n')) text += '\n';
    done = true;
  }
  const all = text.replace(/^\ufeff/, '').split('\n');
  const banner = all[0].trim().split(/\s+/);
  if (banner[0]?.toLowerCase() === '%%matrixmarket' && banner[2]?.toLowerCase() === 'array') {
    throw new DataError(
      "format 'array' cannot be streamed: it stores the matrix column by column, so no row is complete before the last column is read; convert it to 'coordinate' sorted by row, or load it in memory",
      { file, line: 1 },
    );
  }
  const at = sizeLineIndex(text);
  const preamble = at < 0 ? text : text.slice(0, at);
  const sizeIdx = countLines(preamble);
  const sizeText = (all[sizeIdx] ?? '').trim().split(/\s+/);
  // The preamble alone: parseMatrixMarket checks the banner and the size line (its errors), then misses the entries.
  try {
    parseMatrixMarket(done ? text : `${preamble}${all[sizeIdx]}\n`, { source: file, counts: false });
  } catch (e) {
    if (!(e instanceof DataError) || !e.detail.startsWith('the size line declares')) throw e;
  }
  const [m, n, nnz] = sizeText.map(Number);
  const cut = text.indexOf('\n', at) + 1 || text.length;
  const head = text.slice(0, cut);
  return {
    m,
    n,
    nnz,
    field: banner[3].toLowerCase(),
    pattern: banner[3].toLowerCase() === 'pattern',
    sizeLine: sizeIdx + 1,
    text: head.endsWith('\n') ? head.slice(0, -1) : head,
    lines: countLines(head.endsWith('\n') ? head : `${head}\n`),
  };
}

/** Offset of the size line (the first line after the banner that is neither blank nor a `%` comment), or −1. */
function sizeLineIndex(text: string): number {
  let pos = text.indexOf('\n') + 1;
  if (pos === 0) return -1;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    if (end < 0) return -1;
    const line = text.slice(pos, end).trim();
    if (line !== '' && !line.startsWith('%')) return pos;
    pos = end + 1;
  }
  return -1;
}
