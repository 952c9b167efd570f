#!/usr/bin/env node
// `pnpm test:mutation <module> [stryker options]`: StrykerJS over one module of tooling/mutation/modules.mjs, run
// in place under Node 22 (the npm `node` package), reports in reports/mutation/<module>/ (mutation.json,
// index.html, survivors.txt), and a per-file score table on standard output. Refuses a dirty checkout: Stryker
// rewrites the source files in place and restores them at the end, so a clean start is what makes a leftover
// mutant visible (and this script restores any the run leaves behind).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MODULES } from './modules.mjs';

/** @type {string | undefined} */
let root;
root = git(['rev-parse', '--show-toplevel']).trim();
const [name, ...strykerArgs] = process.argv.slice(2);

if (name === '--json') {
  console.log(JSON.stringify(MODULES));
  process.exit(0);
}
if (name === '--list') {
  for (const [key, m] of Object.entries(MODULES)) console.log(`${key.padEnd(16)} ${m.mutate.join(' ')}  (tests: ${m.package})`);
  process.exit(0);
}
if (!name || !(name in MODULES)) {
  fail(`test:mutation: module ${name ? `'${name}'` : 'missing'}: expected one of ${Object.keys(MODULES).join(', ')}`);
}
const dirty = changedFiles();
if (dirty.length > 0) {
  fail(
    `test:mutation: the checkout has uncommitted changes (${dirty[0]}${dirty.length > 1 ? ', …' : ''}): Stryker mutates files in place; commit or stash first`,
  );
}

const started = Date.now();
const run = spawnSync('npx', ['-y', 'node@22', join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', ...strykerArgs], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LATENTKIT_MUTATION_MODULE: name },
});
const seconds = Math.round((Date.now() - started) / 1000);

// Stryker restores the mutated files on exit; if it was killed, put back what it left (the start was clean).
// Only files that still hold Stryker's instrumentation (stryMutAct_/stryCov_) are put back.
const left = changedFiles().filter((f) => /\bstry(MutAct|Cov)_[0-9a-f]+\(/.test(readFileSync(join(root, f), 'utf8')));
if (left.length > 0) {
  git(['checkout', '--', ...left]);
  console.error(`test:mutation: restored ${left.length} file(s) the run left mutated: ${left.join(', ')}`);
}

const report = join(root, 'reports/mutation', name, 'mutation.json');
if (run.status !== 0 || !existsSync(report)) fail(`test:mutation: Stryker exited with ${run.status ?? run.signal} after ${seconds} s`);

const { files } = JSON.parse(readFileSync(report, 'utf8'));
const rows = [];
const survivors = [];
const total = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, errors: 0 };
for (const [file, { source, mutants }] of Object.entries(files)) {
  const c = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, errors: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed') c.killed++;
    else if (m.status === 'Timeout') c.timeout++;
    else if (m.status === 'Survived' || m.status === 'NoCoverage') {
      c[m.status === 'Survived' ? 'survived' : 'noCoverage']++;
      const { start, end } = m.location;
      const original = sliceLocation(source, start, end).replace(/\s+/g, ' ');
      survivors.push(`${relative(root, join(root, file))}:${start.line}:${start.column} ${m.status} ${m.mutatorName}: ${original} → ${m.replacement}`);
    } else c.errors++;
  }
  for (const k of Object.keys(total)) total[k] += c[k];
  rows.push([relative(root, join(root, file)), c]);
}
writeFileSync(join(root, 'reports/mutation', name, 'survivors.txt'), survivors.join('\n') + '\n');
const score = (c) => {
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  return valid ? ((100 * (c.killed + c.timeout)) / valid).toFixed(1) : 'n/a';
};
console.log(`\n${name}: per-file mutation score (killed + timeout) / (killed + timeout + survived + no coverage)`);
for (const [file, c] of rows)
  console.log(
    `${score(c).padStart(6)}%  ${String(c.killed + c.timeout).padStart(4)} / ${String(c.killed + c.timeout + c.survived + c.noCoverage).padEnd(4)} ${file}`,
  );
const head = git(['rev-parse', '--short', 'HEAD']).trim();
console.log(
  `${score(total).padStart(6)}%  ${String(total.killed + total.timeout).padStart(4)} / ${String(total.killed + total.timeout + total.survived + total.noCoverage).padEnd(4)} ${name} (commit ${head}, ${new Date().toISOString().slice(0, 10)}, ${seconds} s)`,
);
console.log(`reports/mutation/${name}/: index.html, mutation.json, survivors.txt (${survivors.length} survivors)`);

/** Tracked files with uncommitted changes, relative to the repository root. */
function changedFiles() {
  return git(['status', '--porcelain', '--untracked-files=no'])
    .split('\n')
    .filter((line) => line.length > 3)
    .map((line) => line.slice(3));
}

function git(args) {
  const r = spawnSync('git', args, { cwd: root ?? process.cwd(), encoding: 'utf8' });
  if (r.status !== 0) fail(`test:mutation: git ${args[0]} failed: ${r.stderr.trim().split('\n')[0]}`);
  return r.stdout;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

function sliceLocation(source, start, end) {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}
