import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureWriter } from '../io.js';
import { runCli } from '../run-cli.js';

// Fixed inputs and disentanglement_lib / scikit-learn 1.2.1 values from tooling/reference/metrics_reference.py.
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/metrics.json', import.meta.url), 'utf8'));

let dir: string;
const file = async (name: string, text: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const csv = (header: string[], rows: number[][]): string => `${[header.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`;

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureWriter();
  const stderr = captureWriter();
  const code = await runCli(argv, { stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

let factors: string;
let codes: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latentkit-metric-'));
  factors = await file('factors.csv', csv(['f1', 'f2', 'f3'], ref.discrete.factors));
  codes = await file('codes.csv', csv(['c1', 'c2', 'c3', 'c4'], ref.discrete.codes));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('latentkit metric', () => {
  it('prints one JSON line with the value, parts and settings (MIG matches disentanglement_lib to 1e-9)', async () => {
    const r = await run(['metric', 'mig', '--true', factors, '--pred', codes, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out.metric).toBe('metrics/mig');
    expect(Math.abs(out.value - ref.discrete.mig.value)).toBeLessThan(1e-9);
    expect(Object.keys(out.parts)).toEqual(['gap:f1', 'gap:f2', 'gap:f3']);
    expect(out.settings).toEqual({ bins: 20, nTrain: 10000, factorBins: 20, nTrainUsed: 900 });
  });

  it('passes --set parameters, coerced and validated, and accepts a full key', async () => {
    const r = await run(['metric', 'metrics/mig', '--true', factors, '--pred', codes, '--set', 'bins=10', '--json']);
    expect(Math.abs(JSON.parse(r.stdout).value - ref.discrete.migBins10.value)).toBeLessThan(1e-9);
    const dci = await run([
      'metric',
      'dci',
      '--true',
      factors,
      '--pred',
      codes,
      '--set',
      'predictor=lasso',
      '--set',
      'nTrain=600',
      '--set',
      'nTest=300',
      '--json',
    ]);
    const out = JSON.parse(dci.stdout);
    expect(Math.abs(out.parts.completeness - ref.discrete.dciLasso.completeness)).toBeLessThan(1e-6);
    expect(out.parts).toHaveProperty('informativenessTest');
    expect(out.settings).toMatchObject({ predictor: 'lasso', nTrain: 600, nTrainUsed: 600, nTestUsed: 300 });
  });

  it('prints the value, parts and settings for people without --json', async () => {
    const r = await run(['metric', 'mcc', '--true', factors, '--pred', codes, '--set', 'method=spearman']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^metrics\/mcc: 0\.\d+\n {2}corr:f1: [\d.]+\n {2}corr:f2: [\d.]+\n {2}corr:f3: [\d.]+\n {2}settings: method=spearman, matching=\{"f1":"c\d","f2":"c\d","f3":"c\d"\}\n$/,
    );
  });

  it('selects columns per file', async () => {
    const r = await run(['metric', 'mcc', '--true', factors, '--true-columns', 'f2', '--pred', codes, '--pred-columns', 'c2,c3', '--json']);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.parts)).toEqual(['corr:f2']);
    expect(out.settings.matching).toEqual({ f2: 'c2' });
  });

  it('reads a Matrix Market count file as --true for coherence', async () => {
    const docs: number[][] = ref.coherence.docs;
    const entries = docs.flatMap((row, i) => row.flatMap((v, j) => (v > 0 ? [`${i + 1} ${j + 1} ${v}`] : [])));
    const mtx = await file(
      'docs.mtx',
      `%%MatrixMarket matrix coordinate integer general\n${docs.length} ${docs[0].length} ${entries.length}\n${entries.join('\n')}\n`,
    );
    const topics = await file(
      'topics.csv',
      csv(
        docs[0].map((_, j) => `w${j + 1}`),
        ref.coherence.topics,
      ),
    );
    const r = await run(['metric', 'coherence', '--true', mtx, '--pred', topics, '--set', 'measure=npmi', '--json']);
    expect(r.code).toBe(0);
    expect(Math.abs(JSON.parse(r.stdout).value - ref.coherence.npmi10.value)).toBeLessThan(1e-12);
  });

  it('gives one line naming the argument for mismatched rows and for missing values', async () => {
    const short = await file('short.csv', csv(['c1'], [[1], [2]]));
    const r = await run(['metric', 'mig', '--true', factors, '--pred', short]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`latentkit: metrics/mig: truth (--true ${factors}) has 900 rows but pred (--pred ${short}) has 2\n`);
    const withNa = await file('na.csv', 'a,b\n1,2\n3,NA\n5,6\n');
    const good = await file('good.csv', 'a,b\n1,2\n3,4\n5,6\n');
    const na = await run(['metric', 'mcc', '--true', good, '--pred', withNa, '--json']);
    expect(na.code).toBe(1);
    expect(na.stderr).toBe(`latentkit: metrics/mcc: pred (--pred ${withNa}) has a missing value (NaN) at line 3, column 'b'\n`);
    expect(na.stdout).toBe('');
  });

  it('gives one line for an unknown metric and for an invalid parameter', async () => {
    const r = await run(['metric', 'nope', '--true', factors, '--pred', codes]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^latentkit: unknown metric 'nope'; available: ari, block-r2, coherence, cross-mcc, dci, .*support-recovery\n$/);
    const bad = await run(['metric', 'mig', '--true', factors, '--pred', codes, '--set', 'bins=0']);
    expect(bad.stderr).toBe("latentkit: metrics/mig: parameter bins='0' is invalid: expected an integer >= 1\n");
    const missing = await run(['metric', 'mig', '--true', factors]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^latentkit: required option '--pred <file>' not specified\n$/);
  });
});
