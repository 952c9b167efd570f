import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

const statOrNull = async (path: string) => {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
};

async function requireWritableFolder(option: string, path: string, folder: string): Promise<void> {
  const info = await statOrNull(folder);
  if (!info) throw new UsageError(`${option} ${path}: the folder ${folder} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`${option} ${path}: ${folder} is a file, not a folder`);
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(`${option} ${path}: the folder ${folder} is not writable`);
  }
}

/**
 * Check, before any work starts, that `path` can be written as a file: it is not a directory and its folder
 * exists and is writable. A typo in `--out` then fails at once instead of after a long fit.
 * @throws UsageError with one line naming the option, the path and what is wrong.
 */
export async function checkOutFile(path: string, option = '--out'): Promise<void> {
  const target = resolve(path);
  const info = await statOrNull(target);
  if (info?.isDirectory()) throw new UsageError(`${option} ${path} is a directory; expected a file path`);
  await requireWritableFolder(option, path, dirname(target));
}

/**
 * Check that `path` is, or can be created as, a writable directory (`latentkit main --out <dir>`): an existing
 * path must be a writable directory, otherwise the nearest existing ancestor must be a writable folder.
 * @throws UsageError with one line naming the option, the path and what is wrong.
 */
export async function checkOutDirectory(path: string, option = '--out'): Promise<void> {
  const target = resolve(path);
  const info = await statOrNull(target);
  if (info && !info.isDirectory()) throw new UsageError(`${option} ${path} is a file; expected a directory`);
  let ancestor = info ? target : dirname(target);
  for (let next = await statOrNull(ancestor); !next; next = await statOrNull(ancestor)) ancestor = dirname(ancestor);
  await requireWritableFolder(option, path, ancestor);
}
