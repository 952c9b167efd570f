import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACCEPTED, MUTANTS, type SemanticMutant } from './catalogue.js';

/** The repository root (this file is tooling/semantic-mutations/src/runner.ts). */
export const REPO_ROOT: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** What became of one mutant: its tests failed (killed), passed (survived), or could not run (error). */
export type MutantStatus = 'killed' | 'survived' | 'error';

/** The result of running one mutant's tests. */
export interface MutantResult {
  readonly id: string;
  readonly kind: SemanticMutant['kind'];
  readonly file: string;
  readonly status: MutantStatus;
  /** Failed tests (killed), or why the run failed (error). */
  readonly detail: string;
  readonly seconds: number;
  /** The argument for a survivor listed in `ACCEPTED`. */
  readonly accepted?: string;
}

/**
 * The one-line problems of a catalogue: a file that does not exist, a snippet that does not occur exactly once in its
 * file, a replacement equal to its snippet, a duplicate id, a test file that does not exist, an accepted id that is
 * not in the catalogue. Empty when the catalogue is sound.
 */
export function checkCatalogue(mutants: readonly SemanticMutant[] = MUTANTS, root: string = REPO_ROOT, accepted = ACCEPTED): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const m of mutants) {
    if (ids.has(m.id)) problems.push(`${m.id}: duplicate id`);
    ids.add(m.id);
    const path = join(root, m.file);
    if (!existsSync(path)) {
      problems.push(`${m.id}: ${m.file} does not exist`);
      continue;
    }
    const count = occurrences(readFileSync(path, 'utf8'), m.find);
    if (count !== 1) problems.push(`${m.id}: the snippet occurs ${count} times in ${m.file}, expected exactly once: ${m.find}`);
    if (m.find === m.replace) problems.push(`${m.id}: the replacement equals the snippet`);
    if (m.tests.length === 0) problems.push(`${m.id}: no test files`);
    for (const t of m.tests) if (!existsSync(join(root, t))) problems.push(`${m.id}: test file ${t} does not exist`);
  }
  for (const id of Object.keys(accepted)) if (!ids.has(id)) problems.push(`ACCEPTED names ${id}, which is not in the catalogue`);
  return problems;
}

function occurrences(text: string, snippet: string): number {
  let n = 0;
  for (let at = text.indexOf(snippet); at >= 0; at = text.indexOf(snippet, at + 1)) n++;
  return n;
}

/** The files of the catalogue (or of `mutants`) that `git status` reports as changed in `root`. */
export function dirtyFiles(mutants: readonly SemanticMutant[], root: string = REPO_ROOT): string[] {
  const files = [...new Set(mutants.map((m) => m.file))];
  const r = spawnSync('git', ['status', '--porcelain', '--', ...files], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git status failed in ${root}: ${r.stderr.trim()}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.slice(3));
}

/** Options of {@link runMutant}. */
export interface RunOptions {
  /** Where the mutant is applied and its tests run: the repository, or a copy of it ({@link overlayCopy}). */
  readonly root?: string;
  /** Seconds before the test run is stopped and counted as an error. */
  readonly timeoutSeconds?: number;
}

/**
 * Apply `m` in `root` (the snippet replaced once, in place), run its test files with vitest, and restore the file's
 * original bytes whatever happens. Killed when a test fails, survived when all pass, error when vitest fails without
 * a failed test (a file that does not load, a timeout).
 */
export function runMutant(m: SemanticMutant, opts: RunOptions = {}): MutantResult {
  const root = opts.root ?? REPO_ROOT;
  const path = join(root, m.file);
  const original = readFileSync(path);
  const text = original.toString('utf8');
  if (occurrences(text, m.find) !== 1) throw new Error(`${m.id}: the snippet does not occur exactly once in ${m.file}`);
  const started = Date.now();
  // Interrupted (Ctrl-C, kill): the test run ends, this `finally` restores the file, then the process exits.
  const onSignal = (signal: NodeJS.Signals) => {
    writeFileSync(path, original);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    writeFileSync(
      path,
      text.replace(m.find, () => m.replace),
    );
    const r = runTests(m.tests, root, opts.timeoutSeconds);
    const base = { id: m.id, kind: m.kind, file: m.file, seconds: (Date.now() - started) / 1000 };
    if (r.failed.length > 0) return { ...base, status: 'killed', detail: r.failed.slice(0, 3).join('; ') };
    if (r.ok) return { ...base, status: 'survived', detail: '', ...(ACCEPTED[m.id] && { accepted: ACCEPTED[m.id] }) };
    return { ...base, status: 'error', detail: r.problem };
  } finally {
    writeFileSync(path, original);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** What one vitest run of some test files gave: all passed (`ok`), the failed tests, or why it did not run. */
export interface TestRun {
  readonly ok: boolean;
  readonly failed: readonly string[];
  readonly problem: string;
}

/** Run `files` (paths from `root`) with the repository's vitest in `root`, reading its JSON report. */
export function runTests(files: readonly string[], root: string = REPO_ROOT, timeoutSeconds = 600): TestRun {
  const dir = mkdtempSync(join(tmpdir(), 'semantic-mutant-'));
  const report = join(dir, 'vitest.json');
  try {
    const vitest = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=json', `--outputFile=${report}`, ...files], {
      cwd: root,
      encoding: 'utf8',
      timeout: timeoutSeconds * 1000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CI: '1' },
    });
    if (r.error) return { ok: false, failed: [], problem: `vitest did not finish: ${r.error.message}` };
    const failed = failedTests(report);
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-3).join(' | ');
    return { ok: r.status === 0 && failed.length === 0, failed, problem: r.status === 0 ? '' : `vitest exited ${r.status} without a failed test: ${tail}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function failedTests(reportPath: string): string[] {
  if (!existsSync(reportPath)) return [];
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
    testResults: { name: string; assertionResults: { status: string; fullName: string }[] }[];
  };
  return report.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName));
}

/**
 * A scratch copy of the repository in which the package holding `file` has its own copy of `src/` and everything else
 * is a symbolic link to `root`: mutating the copy leaves the working tree, and tests running from it, untouched.
 * Returns the copy's root and a function that removes it.
 */
export function overlayCopy(file: string, root: string = REPO_ROOT): { root: string; remove: () => void } {
  const parts = file.split('/');
  const srcAt = parts.indexOf('src');
  if (srcAt < 1) throw new Error(`overlayCopy: ${file} is not under a package's src/`);
  const pkg = parts.slice(0, srcAt).join(sep);
  const copy = mkdtempSync(join(tmpdir(), 'semantic-overlay-'));
  const link = (from: string, to: string) => symlinkSync(from, to, lstatSync(from).isDirectory() ? 'dir' : 'file');
  // Link every entry of `dir` (relative to the root) except the one on the way to the package, which is descended.
  const mirror = (dir: string) => {
    mkdirSync(join(copy, dir), { recursive: true });
    for (const name of readdirSync(join(root, dir))) {
      const rel = join(dir, name);
      if (name === '.git') continue;
      if (rel === join(pkg, 'src')) cpSync(join(root, rel), join(copy, rel), { recursive: true });
      else if (pkg === rel || pkg.startsWith(rel + sep)) mirror(rel);
      else link(join(root, rel), join(copy, rel));
    }
  };
  mirror('');
  return { root: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}

/** Run `mutants` in order (each restored before the next), calling `onResult` after each. */
export function runMutants(mutants: readonly SemanticMutant[], opts: RunOptions & { onResult?: (r: MutantResult) => void } = {}): MutantResult[] {
  const results: MutantResult[] = [];
  for (const m of mutants) {
    const r = runMutant(m, opts);
    results.push(r);
    opts.onResult?.(r);
  }
  return results;
}

/** Whether a set of results passes: no error, and every survivor accepted. */
export function passes(results: readonly MutantResult[]): boolean {
  return results.every((r) => r.status === 'killed' || (r.status === 'survived' && r.accepted !== undefined));
}

/** The path of `p` from the repository root, for messages. */
export const fromRoot = (p: string): string => relative(REPO_ROOT, p);
