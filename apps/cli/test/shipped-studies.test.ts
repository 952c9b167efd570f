import { expandStudy, parseStudySpec } from '@latentkit/study';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers.js';

// The study specs shipped in tooling/experiments/studies: the full-sized ones are validated and expanded (they take
// hours), the CI-sized ones run whole through `latentkit study`.
const STUDIES = fileURLToPath(new URL('../../../tooling/experiments/studies/', import.meta.url));

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'latentkit-shipped-studies-'));
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe('shipped study specs', () => {
  it('are valid and expand to the designs of the experiment scripts', async () => {
    const files = (await readdir(STUDIES)).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(['cvae-ci.yaml', 'cvae.yaml', 'dde-two-layer-ci.yaml', 'dde-two-layer.yaml', 'sparse-vae-ci.yaml', 'sparse-vae.yaml']);
    const jobs = async (f: string) => expandStudy(parseStudySpec(await readFile(join(STUDIES, f), 'utf8'), f));
    const sparse = await jobs('sparse-vae.yaml');
    expect(sparse).toHaveLength(5 * 5 * 6);
    expect(new Set(sparse.map((j) => j.vars.rho))).toEqual(new Set([0, 0.2, 0.4, 0.6, 0.8]));
    expect(sparse.every((j) => j.seed === j.dataSeed && j.seed >= 1 && j.seed <= 5)).toBe(true);
    const dde = await jobs('dde-two-layer.yaml');
    expect(dde).toHaveLength(3 * 5 * 20);
    expect(dde.every((j) => j.model.params.likelihood === j.data.options.likelihood && j.dataSeed === 50 + j.seed)).toBe(true);
    expect(await jobs('cvae.yaml')).toHaveLength(10 * 5);
  });

  it.each(['sparse-vae-ci', 'dde-two-layer-ci', 'cvae-ci'])('%s runs whole, every job done', async (name) => {
    const r = await run(['study', join(STUDIES, `${name}.yaml`), '--out', join(out, name), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ failed: 0, rejected: 0, pending: 0 });
    expect(summary.done).toBe(summary.jobs);
    const csv = await readFile(join(out, name, 'results.csv'), 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toMatch(/,status,mcc/);
    expect(rows.every((row) => /,done,0\.\d+,/.test(row))).toBe(true);
  });
});
