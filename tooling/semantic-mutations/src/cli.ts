import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ACCEPTED, MUTANTS } from './catalogue.js';
import { checkCatalogue, dirtyFiles, fromRoot, passes, REPO_ROOT, runMutants, runTests, type MutantResult } from './runner.js';

// `pnpm test:semantic-mutations [--only id,…] [--timeout s] [--no-baseline]`: the mutants' test files run once on the
// unmutated code (they must pass), then every mutant of the catalogue applied in place, its tests run, the
// file restored; a table on stdout and a JSON report in .tmp/semantic-mutations/ (git-ignored). Exit 1 on a survivor
// not accepted in the catalogue, or an error.
const { values } = parseArgs({ options: { only: { type: 'string' }, timeout: { type: 'string' }, 'no-baseline': { type: 'boolean' } } });
const only = values.only?.split(',').map((s) => s.trim()) ?? null;
const unknown = only?.filter((id) => !MUTANTS.some((m) => m.id === id)) ?? [];
if (unknown.length > 0) fail(`--only: no mutant ${unknown.join(', ')} in tooling/semantic-mutations/src/catalogue.ts`);
const mutants = only ? MUTANTS.filter((m) => only.includes(m.id)) : MUTANTS;

const problems = checkCatalogue();
if (problems.length > 0) fail(`the catalogue is not sound:\n  ${problems.join('\n  ')}`);
const dirty = dirtyFiles(mutants);
if (dirty.length > 0) fail(`refusing to mutate files with uncommitted changes (commit or stash them first): ${dirty.join(', ')}`);

// The tests must pass on the unmutated code, or every mutant would look killed.
const testFiles = [...new Set(mutants.flatMap((m) => m.tests))];
if (!values['no-baseline']) {
  const base = runTests(testFiles);
  if (!base.ok) fail(`the mutants' tests do not pass on the unmutated code: ${base.failed.length > 0 ? base.failed.slice(0, 5).join('; ') : base.problem}`);
  console.log(`baseline: ${testFiles.length} test files pass on the unmutated code`);
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
const startedAt = new Date().toISOString();
console.log(`${mutants.length} semantic mutants at ${commit}`);
const row = (cells: string[]) => console.log(cells.map((c, i) => c.padEnd([38, 24, 9, 7][i] ?? 0)).join(' '));
row(['mutant', 'kind', 'status', 'seconds', 'detail']);
const results = runMutants(mutants, {
  timeoutSeconds: Number(values.timeout ?? 600),
  onResult: (r) => row([r.id, r.kind, r.status === 'survived' && r.accepted ? 'accepted' : r.status, r.seconds.toFixed(0), r.detail.slice(0, 100)]),
});
const count = (s: MutantResult['status']) => results.filter((r) => r.status === s).length;
const summary = { killed: count('killed'), survived: count('survived'), accepted: results.filter((r) => r.accepted).length, error: count('error') };
console.log(`killed ${summary.killed}, survived ${summary.survived} (accepted ${summary.accepted}), errors ${summary.error} of ${results.length}`);
for (const r of results.filter((x) => x.accepted)) console.log(`accepted ${r.id}: ${ACCEPTED[r.id]}`);
const dir = join(REPO_ROOT, '.tmp', 'semantic-mutations');
mkdirSync(dir, { recursive: true });
const out = join(dir, 'report.json');
writeFileSync(out, JSON.stringify({ commit, startedAt, finishedAt: new Date().toISOString(), summary, results }, null, 2) + '\n');
console.log(`report: ${fromRoot(out)}`);
const left = dirtyFiles(mutants);
if (left.length > 0) fail(`files left changed after the run: ${left.join(', ')}`);
process.exit(passes(results) ? 0 : 1);

function fail(message: string): never {
  console.error(`test:semantic-mutations: ${message}`);
  process.exit(1);
}
