import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createGunzip, gunzip } from 'node:zlib';
import { DataError } from './data-error.js';

/** Whether a path names a gzip-compressed file (`.gz`, any case). */
export const isGzipPath = (path: string): boolean => path.toLowerCase().endsWith('.gz');

/** Whether bytes start with the gzip magic number (1f 8b), e.g. compressed data piped to standard input. */
export const isGzipBytes = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * Read a UTF-8 text file, turning a missing or unreadable file into a one-line {@link DataError}.
 * A `.gz` file is decompressed (read whole; gzip members one after another are read as one text).
 */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw readError(e, path);
  }
  return isGzipPath(path) ? gunzipText(bytes, path) : bytes.toString('utf8');
}

/**
 * Read a UTF-8 text file in pieces of about `chunkBytes` (default 1 MiB), decompressing a `.gz` file on the way, so that
 * the whole text is never held at once. A missing, unreadable or corrupt file is a one-line {@link DataError}, as with
 * {@link readTextFile}. Stopping the iteration early closes the file.
 * @example
 * ```ts
 * for await (const piece of readTextChunks('data.csv.gz')) bytes += piece.length;
 * ```
 */
export async function* readTextChunks(path: string, chunkBytes = 1 << 20): AsyncGenerator<string, void, undefined> {
  const file = createReadStream(path, { highWaterMark: chunkBytes });
  const gz = isGzipPath(path);
  const stream = gz ? file.pipe(createGunzip({ chunkSize: Math.min(chunkBytes, 1 << 16) })) : file;
  // The file's own errors (open, read) reach the gunzip stream only as an early end: forward them.
  if (gz) file.on('error', (e) => stream.destroy(e));
  stream.setEncoding('utf8');
  try {
    for await (const piece of stream) yield piece as string;
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw gz && code?.startsWith('Z_') ? gunzipError(e, path) : readError(e, path);
  } finally {
    file.destroy();
    stream.destroy();
  }
}

/** A failure to read `path` as a one-line {@link DataError}. */
function readError(e: unknown, path: string): DataError {
  const code = (e as { code?: string }).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return new DataError(`cannot read the file (${why})`, { file: path });
}

/** A zlib failure as a one-line {@link DataError} naming `file`. */
function gunzipError(e: unknown, file: string): DataError {
  const code = (e as { code?: string }).code;
  const why =
    code === 'Z_DATA_ERROR' ? 'not gzip data or corrupt' : code === 'Z_BUF_ERROR' ? 'the compressed data end early (truncated file)' : (e as Error).message;
  return new DataError(`cannot decompress the file (${why})`, { file });
}

/**
 * Decompress gzip bytes into UTF-8 text; a corrupt or truncated stream is a one-line {@link DataError} naming `file`.
 * @example
 * ```ts
 * await gunzipText(gzipSync('a,b\n1,2\n'), 'data.csv.gz'); // 'a,b\n1,2\n'
 * ```
 */
export async function gunzipText(bytes: Uint8Array, file: string): Promise<string> {
  try {
    const out = await new Promise<Buffer>((resolve, reject) => gunzip(bytes, (err, res) => (err ? reject(err) : resolve(res))));
    return out.toString('utf8');
  } catch (e) {
    throw gunzipError(e, file);
  }
}
