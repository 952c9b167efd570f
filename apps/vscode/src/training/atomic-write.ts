import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** The write was abandoned because its signal fired; the target file is untouched. */
export class WriteCancelledError extends Error {
  override readonly name = 'WriteCancelledError';
  constructor() {
    super('cancelled; nothing was written');
  }
}

const reasons: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
};

/**
 * Write a file so that readers see either the old contents or the complete new ones, never a truncated file
 * (the same rule as the CLI's `--out`).
 *
 * The data goes to a temporary file in the same folder, is flushed (fsync) and renamed over `path`; an existing
 * file keeps its permissions. On any failure, or when `signal` has fired before the rename, the temporary file is
 * removed and `path` is left as it was.
 * @example
 * ```ts
 * await writeFileAtomic('faithful.mixture-gmm.latentkit.json', JSON.stringify(fitted.toJSON()));
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { signal?: AbortSignal } = {}): Promise<void> {
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = 0o666;
  try {
    const existing = await stat(target);
    if (existing.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    mode = existing.mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(path, e);
  }
  let created = false;
  try {
    const handle = await open(tmp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.signal?.aborted) throw new WriteCancelledError();
    await rename(tmp, target);
    created = false;
  } catch (e) {
    if (created) await unlink(tmp).catch(() => undefined);
    if (e instanceof WriteCancelledError) throw e;
    throw writeError(path, e);
  }
}

function writeError(path: string, cause: unknown): Error {
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  return new Error(`cannot write ${path} (${reasons[code] ?? (cause as Error).message})`, { cause });
}
