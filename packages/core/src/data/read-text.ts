import { readFile } from 'node:fs/promises';
import { DataError } from './data-error.js';

/** Read a UTF-8 text file, turning a missing or unreadable file into a one-line {@link DataError}. */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new DataError(`cannot read the file (${why})`, { file: path });
  }
}
