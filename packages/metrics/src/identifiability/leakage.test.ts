import { createRng } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { leakage } from './leakage.js';

/** 300 background rows (t = 0) then 300 target rows; z and t independent standard normals in R². */
function blocks(seed: number) {
  const rng = createRng(seed);
  const rows = Array.from({ length: 600 }, (_, i) => {
    const z = [rng.normal(), rng.normal()];
    const t = i < 300 ? [0, 0] : [rng.normal(), rng.normal()];
    return { z, t };
  });
  const truth = {
    kind: 'dense' as const,
    nRows: 600,
    nCols: 4,
    columns: ['z1', 'z2', 't1', 't2'],
    values: Float64Array.from(rows.flatMap((r) => [...r.z, ...r.t])),
  };
  const pred = (f: (r: { z: number[]; t: number[] }) => { shared: number[]; salient: number[] }) => {
    const out = rows.map(f);
    const d = [out[0].shared.length, out[0].salient.length];
    const columns = [...Array.from({ length: d[0] }, (_, j) => `shared${j + 1}`), ...Array.from({ length: d[1] }, (_, j) => `salient${j + 1}`)];
    return { kind: 'dense' as const, nRows: 600, nCols: d[0] + d[1], columns, values: Float64Array.from(out.flatMap((o) => [...o.shared, ...o.salient])) };
  };
  return { truth, pred };
}

describe('metrics/leakage', () => {
  it('is near 0 when each estimated block is a smooth function of its own true block only', () => {
    const { truth, pred } = blocks(1);
    const r = leakage(
      truth,
      pred(({ z, t }) => ({ shared: [Math.tanh(z[0]), z[1] + 0.3 * z[0]], salient: [t[0] - t[1], t[1]] })),
    );
    // Independent inputs: the regression can only overfit, so each R² is slightly negative (as block-r2 on noise).
    expect(r.parts.salientFromShared).toBeLessThan(0.05);
    expect(r.parts.sharedFromSalient).toBeLessThan(0.05);
    expect(r.value).toBeGreaterThan(-0.3);
    expect(r.settings.targetRows).toBe(300);
  });

  it('is near 1 for the block that leaks: the salient block copied into the shared one', () => {
    const { truth, pred } = blocks(2);
    const r = leakage(
      truth,
      pred(({ z, t }) => ({ shared: [z[0], z[1], t[0], t[1]], salient: [t[0], t[1]] })),
    );
    expect(r.parts.salientFromShared).toBeGreaterThan(0.9);
    expect(r.parts.sharedFromSalient).toBeLessThan(0.05);
    expect(r.parts['r2:t1']).toBeGreaterThan(0.9);
  });

  it('is near 1 the other way: the shared block copied into the salient one', () => {
    const { truth, pred } = blocks(3);
    const r = leakage(
      truth,
      pred(({ z, t }) => ({ shared: [z[0], z[1]], salient: [t[0], t[1], z[0], z[1]] })),
    );
    expect(r.parts.sharedFromSalient).toBeGreaterThan(0.9);
    expect(r.parts.salientFromShared).toBeLessThan(0.05);
  });

  it('takes blocks by explicit column lists and names unknown columns in one line', () => {
    const { truth, pred } = blocks(4);
    const p = pred(({ z, t }) => ({ shared: [z[0], z[1]], salient: [t[0], t[1], z[0], z[1]] }));
    const r = leakage(truth, p, { predSalient: ['salient1', 'salient2'] });
    expect(r.parts.sharedFromSalient).toBeLessThan(0.05);
    expect(() => leakage(truth, p, { trueSalient: ['t9'] })).toThrow(
      "metrics/leakage: trueSalient names 't9', which is not a column of truth (columns: z1, z2, t1, t2)",
    );
    expect(() => leakage({ ...truth, columns: ['a', 'b', 'c', 'd'] }, p)).toThrow(
      /^metrics\/leakage: truth has no column named z…; name the block with trueShared=/,
    );
  });
});
