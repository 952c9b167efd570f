/** Euclidean norm of `x[start], x[start + stride], …` (count entries), rescaling only when squares would under/overflow. */
export function norm2(x: Float64Array, start: number, count: number, stride = 1): number {
  let ss = 0;
  const end = start + count * stride;
  for (let i = start; i < end; i += stride) ss += x[i] * x[i];
  if (ss > 1e-280 && ss < 1e280) return Math.sqrt(ss);
  let scale = 0;
  for (let i = start; i < end; i += stride) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  // Divide rather than multiply by 1/scale: for a subnormal scale, 1/scale overflows to ∞.
  ss = 0;
  for (let i = start; i < end; i += stride) {
    const t = x[i] / scale;
    ss += t * t;
  }
  return scale * Math.sqrt(ss);
}
