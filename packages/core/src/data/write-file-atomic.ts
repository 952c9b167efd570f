import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** The write was abandoned because its signal fired; the target file is untouched. */
export class WriteCancelledError extends Error {
  /** Always `'WriteCancelledError'`. */
  override readonly name = 'WriteCancelledError';
  /** The error with message `cancelled; nothing was written`. */
  constructor() {
    super('cancelled; nothing was written');
  }
}

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** Checked after the data is on disk and before the rename: an aborted write leaves the target untouched. */
  readonly signal?: AbortSignal;
}

const reasons: Record<string, string> = {
  ENOENT: 'the directory does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
};

/**
 * Write a file so that readers see either the old contents or the complete new ones, never a truncated file.
 *
 * The data goes to a temporary file in the same directory, which is flushed to disk (fsync) and then renamed
 * over `path`; an existing file keeps its permissions. On any failure, or when `signal` has fired,
 * the temporary file is removed and `path` is left as it was.
 * @example
 * ```ts
 * await writeFileAtomic('model.json', JSON.stringify(fitted.toJSON()));
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = 0o666;
  try {
    const existing = await stat(target);
    if (existing.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
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
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself has happened.
  }
}

function writeError(path: string, cause: unknown): Error {
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  const why = reasons[code] ?? (cause as Error).message;
  return new Error(`cannot write ${path} (${why})`, { cause });
}
