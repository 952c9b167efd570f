/**
 * Numerically stable log Σᵢ exp(vᵢ) = m + log Σᵢ exp(vᵢ − m), with m = maxᵢ vᵢ, in float64.
 *
 * Returns −∞ for an empty input or when every value is −∞, +∞ when any value is +∞, and NaN when any value is NaN.
 * For the tensor version use `tf.logSumExp`.
 *
 * @param values Log-domain terms.
 * @example
 * ```ts
 * logSumExp([Math.log(1), Math.log(3)]); // log 4
 * logSumExp([1000, 1000]);               // 1000 + log 2 (no overflow)
 * ```
 */
export function logSumExp(values: ArrayLike<number>): number {
  const n = values.length;
  let m = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(values[i] - m);
  return m + Math.log(s);
}

/**
 * Row-wise {@link logSumExp} of a row-major `rows × cols` matrix: outᵢ = log Σⱼ exp(values[i·cols + j]).
 *
 * @param values Row-major data of length `rows · cols`.
 * @param rows Number of rows.
 * @param cols Number of columns.
 * @param out Optional output of length `rows` (allocated when omitted).
 * @returns `out`.
 * @example
 * ```ts
 * logSumExpRows(new Float64Array([0, 0, 1, 1]), 2, 2); // [log 2, 1 + log 2]
 * ```
 */
export function logSumExpRows(values: Float64Array, rows: number, cols: number, out?: Float64Array): Float64Array {
  if (values.length !== rows * cols) {
    throw new RangeError(`logSumExpRows: values has length ${values.length}, expected rows·cols = ${rows * cols}`);
  }
  const res = out ?? new Float64Array(rows);
  if (res.length < rows) throw new RangeError(`logSumExpRows: out has length ${res.length}, expected ${rows}`);
  for (let i = 0; i < rows; i++) res[i] = logSumExp(values.subarray(i * cols, (i + 1) * cols));
  return res;
}
