import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { DataError } from '../data-error.js';
import { isGzipPath, readTextFile } from '../read-text.js';

/** Bytes read from the file at a time unless told (64 KiB). */
export const STREAM_CHUNK_BYTES = 64 * 1024;

/** Opens a new pass over a text: its bytes in chunks, from the start. */
export type ChunkOpener = () => AsyncIterable<Uint8Array>;

/**
 * Check that `path` can be read, with the in-memory loaders' one-line error when it cannot (`readTextFile` fails at
 * once on a missing file, a directory or a permission problem, and reports it in its words).
 */
export async function checkReadable(path: string): Promise<void> {
  try {
    const h = await open(path, 'r');
    const st = await h.stat();
    await h.close();
    if (!st.isDirectory()) return;
  } catch {
    // fall through: readTextFile names the reason.
  }
  await readTextFile(path);
}

/**
 * The bytes of a file in chunks of `chunkBytes`, decompressed on the fly when the path ends in `.gz` (as the
 * in-memory loaders decide); each call reads the file again from the start. A corrupt or truncated gzip stream is a
 * one-line {@link DataError} naming the file.
 */
export function fileChunks(path: string, chunkBytes: number = STREAM_CHUNK_BYTES): ChunkOpener {
  return async function* () {
    const raw = createReadStream(path, { highWaterMark: chunkBytes });
    const stream = isGzipPath(path) ? raw.pipe(createGunzip({ chunkSize: chunkBytes })) : raw;
    if (stream !== raw) raw.on('error', (e) => stream.destroy(e));
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } catch (e) {
      throw streamError(e, path);
    } finally {
      raw.destroy();
      stream.destroy();
    }
  };
}

function streamError(e: unknown, file: string): Error {
  if (e instanceof DataError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'Z_DATA_ERROR') return new DataError('cannot decompress the file (not gzip data or corrupt)', { file });
  if (code === 'Z_BUF_ERROR') return new DataError('cannot decompress the file (the compressed data end early (truncated file))', { file });
  return new DataError(`cannot read the file (${(e as Error).message})`, { file });
}

/**
 * Text in pieces that end at a record boundary: decodes UTF-8 across chunk boundaries and holds back the text after
 * the last line break that is outside double quotes (a quoted field may hold line breaks, RFC 4180), so every piece
 * handed on is made of whole records. Quote parity is tracked across pieces.
 */
export class RecordText {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  /** Largest amount of text held back, in UTF-16 units. */
  peak = 0;

  private readonly quotes: boolean;

  /** @param quotes Whether double quotes may hold line breaks (CSV); false for line-based formats. */
  constructor(quotes: boolean) {
    this.quotes = quotes;
  }

  /** Add a chunk; returns the whole records now available ('' when none). */
  push(chunk: Uint8Array): string {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const cut = this.cutPoint(text);
    this.pending = text.slice(cut);
    this.peak = Math.max(this.peak, text.length);
    return text.slice(0, cut);
  }

  /** The rest of the text at the end of the input. */
  end(): string {
    const rest = this.pending + this.decoder.decode();
    this.pending = '';
    return rest;
  }

  /** Index just past the last record-ending line break of `text` (0 when there is none). */
  private cutPoint(text: string): number {
    // The held-back text always starts a record (outside quotes), so the parity is counted from its start.
    if (!this.quotes || text.indexOf('"') < 0) return text.lastIndexOf('\n') + 1;
    let inQuotes = false;
    let cut = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) inQuotes = !inQuotes;
      else if (c === 10 && !inQuotes) cut = i + 1;
    }
    return cut;
  }
}

/** The number of line breaks in `text`. */
export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Index where the `line`-th (1-based) line of `text` starts. */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at;
}
