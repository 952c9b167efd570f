import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, WriteCancelledError } from './write-file-atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latentkit-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates a file and replaces an existing one, leaving no temporary file', async () => {
    const file = join(dir, 'out.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    const file = join(dir, 'out.txt');
    await writeFile(file, 'old');
    await chmod(file, 0o600);
    await writeFileAtomic(file, 'new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves the existing file untouched when cancelled', async () => {
    const file = join(dir, 'out.json');
    await writeFile(file, 'KEEP');
    const controller = new AbortController();
    controller.abort();
    await expect(writeFileAtomic(file, 'x'.repeat(100_000), { signal: controller.signal })).rejects.toBeInstanceOf(WriteCancelledError);
    expect(await readFile(file, 'utf8')).toBe('KEEP');
    expect(await readdir(dir)).toEqual(['out.json']);
  });

  it('fails with a one-line message when the directory does not exist', async () => {
    const file = join(dir, 'missing', 'out.json');
    await expect(writeFileAtomic(file, 'x')).rejects.toThrow(`cannot write ${file} (the directory does not exist)`);
  });

  it('refuses to replace a directory', async () => {
    await expect(writeFileAtomic(dir, 'x')).rejects.toThrow('(it is a directory)');
  });
});
