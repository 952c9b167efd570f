/** Tolerances of {@link expectClose}. */
export interface CloseOptions {
  /** Relative tolerance (default 1e-5, as numpy's `allclose`). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-8, as numpy's `allclose`). */
  readonly atol?: number;
  /** Treat NaN as equal to NaN (default false). */
  readonly equalNan?: boolean;
  /** Names the compared quantity in the failure message. */
  readonly label?: string;
}

const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(10))) : String(v));

/**
 * Assert that `actual` and `expected` (numbers or equally long arrays) are elementwise close:
 * |a_i − e_i| ≤ atol + rtol·|e_i| for every i, the rule of numpy's `allclose`.
 *
 * On failure it throws an error that says how many elements differ and shows the worst one
 * (largest excess over its allowed difference) with its index.
 * @example
 * ```ts
 * expectClose(fitted.score(data), -1.234567, { rtol: 1e-6 });
 * expectClose(loaded.transform(data).values, original.values, { rtol: 1e-6, atol: 1e-7, label: 'transform' });
 * // transform: 2 of 120 values differ (rtol=1e-6, atol=1e-7); worst at index 17: actual 0.51, expected 0.5, |diff| 0.01 > allowed 6e-7
 * ```
 */
export function expectClose(actual: number | ArrayLike<number>, expected: number | ArrayLike<number>, opts: CloseOptions = {}): void {
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-8;
  const label = opts.label ?? 'values';
  const scalar = typeof actual === 'number' && typeof expected === 'number';
  const a: ArrayLike<number> = typeof actual === 'number' ? [actual] : actual;
  const e: ArrayLike<number> = typeof expected === 'number' ? [expected] : expected;
  const sameKind = (typeof actual === 'number') === (typeof expected === 'number');
  if (!sameKind || a.length !== e.length) {
    throw new Error(
      `${label}: length ${typeof actual === 'number' ? 'scalar' : a.length} does not match expected length ${typeof expected === 'number' ? 'scalar' : e.length}`,
    );
  }
  let bad = 0;
  let worst = -1;
  let worstExcess = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = e[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (opts.equalNan && Number.isNaN(x) && Number.isNaN(y)) continue;
      bad += 1;
      if (worstExcess !== Infinity) [worst, worstExcess] = [i, Infinity];
      continue;
    }
    if (x === y) continue;
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (excess > 0 || Number.isNaN(excess)) {
      bad += 1;
      const ex = Number.isNaN(excess) ? Infinity : excess;
      if (ex > worstExcess) [worst, worstExcess] = [i, ex];
    }
  }
  if (bad === 0) return;
  const x = a[worst];
  const y = e[worst];
  const where = scalar ? '' : `${bad} of ${a.length} values differ (rtol=${rtol}, atol=${atol}); worst at index ${worst}: `;
  const head = scalar ? `${label} is not close to the expected value (rtol=${rtol}, atol=${atol}): ` : `${label}: ${where}`;
  throw new Error(`${head}actual ${fmt(x)}, expected ${fmt(y)}, |diff| ${fmt(Math.abs(x - y))} > allowed ${fmt(atol + rtol * Math.abs(y))}`);
}
