import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
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
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new DataError(`cannot read the file (${why})`, { file: path });
  }
  return isGzipPath(path) ? gunzipText(bytes, path) : bytes.toString('utf8');
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
    const code = (e as { code?: string }).code;
    const why =
      code === 'Z_DATA_ERROR' ? 'not gzip data or corrupt' : code === 'Z_BUF_ERROR' ? 'the compressed data end early (truncated file)' : (e as Error).message;
    throw new DataError(`cannot decompress the file (${why})`, { file });
  }
}
