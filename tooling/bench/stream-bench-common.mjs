// What the streamed-memory scripts (stream-memory.mjs, stream-memory-vae.mjs) share: writing a large CSV file in
// pieces, running one fit in a fresh child process, and the peak RSS of a bare `node` process.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** Write `header` and the `n` lines `line(i)` (without their line break) to `path`, 1 MiB of text at a time. */
export async function writeCsvLines(path, header, n, line) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write(`${header}\n`);
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += `${line(i)}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}

/** Run `node script ...args` and parse the last line it prints as JSON. */
export function runChild(script, args) {
  return JSON.parse(
    execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1),
  );
}

/** The peak resident set size of a bare `node` process, in MB. */
export function bareNodeMaxRssMB() {
  return runChild('-e', ['process.stdout.write(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 }))']).maxRssMB;
}
