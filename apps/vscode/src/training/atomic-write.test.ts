import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, WriteCancelledError } from './atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latentkit-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary file', async () => {
    await writeFileAtomic(join(dir, 'm.json'), '{"a":1}');
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir)).toEqual(['m.json']);
  });

  it('leaves the old file untouched when its signal has fired', async () => {
    writeFileSync(join(dir, 'm.json'), 'old');
    const controller = new AbortController();
    controller.abort();
    await expect(writeFileAtomic(join(dir, 'm.json'), 'new', { signal: controller.signal })).rejects.toBeInstanceOf(WriteCancelledError);
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['m.json']);
  });

  it('says why it cannot write', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'm.json'), 'x')).rejects.toThrow(/^cannot write .*m\.json \(the folder does not exist\)$/);
  });
});
