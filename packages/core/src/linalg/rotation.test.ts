import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRows, identity, matmul, transpose } from './matrix.js';
import { orthomaxRotation, quartimax, varimax } from './rotation.js';

// Reference values from tooling/reference/rotation_reference.py (scikit-learn 1.2.1 `_ortho_rotation`).
const ref = JSON.parse(readFileSync(new URL('../../../../tooling/reference/fixtures/rotation.json', import.meta.url), 'utf8'));

interface RotationCase {
  name: string;
  method: 'varimax' | 'quartimax';
  tol: number;
  maxIter: number;
  loadings: number[][];
  rotated: number[][];
  rotation: number[][];
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('orthogonal rotations', () => {
  for (const c of ref.cases as RotationCase[]) {
    it(`match scikit-learn ${c.method} on ${c.name} (tol ${c.tol}, maxIter ${c.maxIter})`, () => {
      const loadings = fromRows(c.loadings);
      const fn = c.method === 'varimax' ? varimax : quartimax;
      const { rotated, rotation } = fn(loadings, { tol: c.tol, maxIter: c.maxIter });
      // Same iteration, same stopping rule; only the k×k SVDs differ (by ~1e-15), hence the 1e-8 tolerance of the brief.
      expect(maxAbsDiff(rotated.data, fromRows(c.rotated).data)).toBeLessThan(1e-8);
      expect(maxAbsDiff(rotation.data, fromRows(c.rotation).data)).toBeLessThan(1e-8);
      expect(maxAbsDiff(matmul(transpose(rotation), rotation).data, identity(rotation.rows).data)).toBeLessThan(1e-13);
      expect(maxAbsDiff(matmul(loadings, rotation).data, rotated.data)).toBe(0);
    });
  }

  it('uses scikit-learn defaults (tol 1e-6, maxIter 100) and γ = 1 for varimax', () => {
    const c = (ref.cases as RotationCase[]).find((x) => x.name === 'random10x3' && x.method === 'varimax' && x.maxIter === 100)!;
    const loadings = fromRows(c.loadings);
    expect(maxAbsDiff(varimax(loadings).rotated.data, fromRows(c.rotated).data)).toBeLessThan(1e-8);
    expect(orthomaxRotation(loadings).rotated.data).toEqual(varimax(loadings).rotated.data);
    expect(orthomaxRotation(loadings, { gamma: 0 }).rotated.data).toEqual(quartimax(loadings).rotated.data);
  });

  it('passes an explicit γ through varimax: the result is a stationary point of the γ = 0.5 orthomax criterion', () => {
    // First-order condition of max over orthogonal R of Σⱼ [Σᵢ bᵢⱼ⁴ − (γ/p)(Σᵢ bᵢⱼ²)²], B = Λ·R: with the gradient
    // G = Λᵀ·(B∘B∘B − (γ/p)·B·diag(1ᵀ(B∘B))), the matrix RᵀG is symmetric (Lagrange multipliers of RᵀR = I).
    // The iteration stops on the criterion, which moves quadratically near the optimum, so at tol 1e-12 the asymmetry
    // is ~√tol: 1.1e-7 of max|RᵀG| here (1e-5 leaves two orders); the γ = 1 optimum leaves 1.7e-2 at γ = 0.5.
    const c = (ref.cases as RotationCase[]).find((x) => x.name === 'random10x3' && x.method === 'varimax' && x.maxIter === 100)!;
    const loadings = fromRows(c.loadings);
    const gamma = 0.5;
    const { rows: p, cols: k } = loadings;
    const asymmetry = (rotation: ReturnType<typeof varimax>['rotation']): number => {
      const b = matmul(loadings, rotation);
      const colSq = new Float64Array(k);
      for (let i = 0; i < p; i++) for (let j = 0; j < k; j++) colSq[j] += b.data[i * k + j] ** 2;
      const t = fromRows(
        Array.from({ length: p }, (_, i) => Array.from({ length: k }, (_, j) => b.data[i * k + j] ** 3 - (gamma / p) * b.data[i * k + j] * colSq[j])),
      );
      const m = matmul(transpose(rotation), matmul(transpose(loadings), t));
      return maxAbsDiff(m.data, transpose(m).data) / Math.max(...Array.from(m.data, Math.abs));
    };
    const fitted = varimax(loadings, { gamma, tol: 1e-12, maxIter: 500 });
    expect(asymmetry(fitted.rotation)).toBeLessThan(1e-5);
    expect(asymmetry(varimax(loadings, { tol: 1e-12, maxIter: 500 }).rotation)).toBeGreaterThan(1e-3);
    expect(fitted.rotated.data).toEqual(orthomaxRotation(loadings, { gamma, tol: 1e-12, maxIter: 500 }).rotated.data);
  });

  it('undoes a planted 30° rotation of a simple structure up to column order and sign', () => {
    const c = (ref.cases as RotationCase[]).find((x) => x.name === 'twoBlock8x2' && x.method === 'varimax' && x.maxIter === 100)!;
    const { rotated } = varimax(fromRows(c.loadings));
    // Each feature should load mainly on one factor: |big| ≥ 0.65, |small| ≤ 0.3.
    for (let i = 0; i < 8; i++) {
      const [x, y] = [Math.abs(rotated.data[i * 2]), Math.abs(rotated.data[i * 2 + 1])];
      expect(Math.max(x, y)).toBeGreaterThan(0.65);
      expect(Math.min(x, y)).toBeLessThan(0.3);
    }
  });
});
