import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { splitRows } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { BUNDLED, bundledDataPath, loadBundled, type BundledName } from './bundled.js';

const names = Object.keys(BUNDLED) as BundledName[];

const countBy = (xs: readonly (string | number)[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of xs) out[String(x)] = (out[String(x)] ?? 0) + 1;
  return out;
};

describe('bundled data files', () => {
  it.each(names)('%s has the md5 sum documented in data/README.md', (name) => {
    const path = bundledDataPath(name);
    expect(existsSync(path)).toBe(true);
    expect(createHash('md5').update(readFileSync(path)).digest('hex')).toBe(BUNDLED[name].md5);
    expect(readFileSync(new URL('../data/README.md', import.meta.url), 'utf8')).toContain(`\`${BUNDLED[name].md5}\``);
  });

  it.each(names)('%s loads with the documented rows, split and feature count', async (name) => {
    const info = BUNDLED[name];
    const ds = await loadBundled(name);
    expect(ds.nRows).toBe(info.rows);
    expect(ds.nCols).toBe(info.columns);
    expect(splitRows(ds, 'train').nRows).toBe(info.train);
    expect(splitRows(ds, 'test').nRows).toBe(info.test);
    expect(ds.split!.every((s, i) => s === (i % 5 === 4 ? 'test' : 'train'))).toBe(true);
    expect(ds.values.every(Number.isFinite)).toBe(true);
    expect(ds.labelName).toBe(info.label);
  });
});

describe('loadBundled', () => {
  it('reads faithful (R-quoted, no label)', async () => {
    const ds = await loadBundled('faithful');
    expect(ds.columns).toEqual(['eruptions', 'waiting']);
    expect(ds.labels).toBeUndefined();
    expect(Array.from(ds.values.subarray(0, 4))).toEqual([3.6, 79, 1.8, 54]);
  });

  it('gives the documented class counts', async () => {
    expect(countBy((await loadBundled('iris')).labels!)).toEqual({ 0: 50, 1: 50, 2: 50 });
    expect(countBy((await loadBundled('penguins')).labels!)).toEqual({ Adelie: 151, Chinstrap: 68, Gentoo: 123 });
    expect(countBy((await loadBundled('wine')).labels!)).toEqual({ 0: 59, 1: 71, 2: 48 });
    expect(countBy((await loadBundled('breast-cancer')).labels!)).toEqual({ 0: 212, 1: 357 });
  });

  it("has Fisher's values in iris rows 35 and 38", async () => {
    const iris = await loadBundled('iris');
    expect(Array.from(iris.values.subarray(34 * 4, 35 * 4))).toEqual([4.9, 3.1, 1.5, 0.2]);
    expect(Array.from(iris.values.subarray(37 * 4, 38 * 4))).toEqual([4.9, 3.6, 1.4, 0.1]);
  });

  it('passes loader options through and rejects unknown names', async () => {
    const ds = await loadBundled('penguins', { columns: ['body_mass_g', 'beak_length_mm'] });
    expect(ds.columns).toEqual(['body_mass_g', 'beak_length_mm']);
    expect(ds.labels!.length).toBe(342);
    expect(() => bundledDataPath('mnist' as BundledName)).toThrow("unknown bundled dataset 'mnist'; available: faithful, iris, penguins, wine, breast_cancer");
  });
});
