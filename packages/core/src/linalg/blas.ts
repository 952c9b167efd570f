/** Σᵢ x[xo + i]·y[yo + i] for i < n, with four partial sums to break the add-latency chain. */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[xo + i] * y[yo + i];
    s1 += x[xo + i + 1] * y[yo + i + 1];
    s2 += x[xo + i + 2] * y[yo + i + 2];
    s3 += x[xo + i + 3] * y[yo + i + 3];
  }
  for (; i < n; i++) s0 += x[xo + i] * y[yo + i];
  return s0 + s1 + (s2 + s3);
}

/** y[yo + i] += alpha·x[xo + i] for i < n. */
export function axpy(alpha: number, x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    y[yo + i] += alpha * x[xo + i];
    y[yo + i + 1] += alpha * x[xo + i + 1];
    y[yo + i + 2] += alpha * x[xo + i + 2];
    y[yo + i + 3] += alpha * x[xo + i + 3];
  }
  for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
}

/** out[oo + t] = Σᵢ x[xo + i]·y[yₜ + i] for the four offsets y₀ … y₃ (one pass over x). */
export function dot4(
  x: Float64Array,
  xo: number,
  y: Float64Array,
  y0: number,
  y1: number,
  y2: number,
  y3: number,
  n: number,
  out: Float64Array,
  oo: number,
): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[xo + i];
    s0 += xi * y[y0 + i];
    s1 += xi * y[y1 + i];
    s2 += xi * y[y2 + i];
    s3 += xi * y[y3 + i];
  }
  out[oo] = s0;
  out[oo + 1] = s1;
  out[oo + 2] = s2;
  out[oo + 3] = s3;
}

/** y[yo + i] += a₀·x[x₀ + i] + a₁·x[x₁ + i] + a₂·x[x₂ + i] + a₃·x[x₃ + i] for i < n. */
export function axpy4(
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  x: Float64Array,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
  y: Float64Array,
  yo: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) y[yo + i] += a0 * x[x0 + i] + a1 * x[x1 + i] + a2 * x[x2 + i] + a3 * x[x3 + i];
}

/** y[yₜ + i] += aₜ·x[xo + i] for the four targets t = 0 … 3 (one pass over x). */
export function scatter4(
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  y0: number,
  y1: number,
  y2: number,
  y3: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const xi = x[xo + i];
    y[y0 + i] += a0 * xi;
    y[y1 + i] += a1 * xi;
    y[y2 + i] += a2 * xi;
    y[y3 + i] += a3 * xi;
  }
}

/**
 * For every column j in [from, to) stored at x[xo + j·stride …] (length len): xⱼ += (scale·srcᵀxⱼ)·src,
 * four columns per pass over src. With scale = −τ this applies the reflector I − τ·src·srcᵀ.
 */
export function projectColumns(
  scale: number,
  src: Float64Array,
  so: number,
  len: number,
  x: Float64Array,
  xo: number,
  stride: number,
  from: number,
  to: number,
): void {
  const d = new Float64Array(4);
  let j = from;
  for (; j + 3 < to; j += 4) {
    const c0 = xo + j * stride;
    dot4(src, so, x, c0, c0 + stride, c0 + 2 * stride, c0 + 3 * stride, len, d, 0);
    scatter4(scale * d[0], scale * d[1], scale * d[2], scale * d[3], src, so, x, c0, c0 + stride, c0 + 2 * stride, c0 + 3 * stride, len);
  }
  for (; j < to; j++) {
    const c = xo + j * stride;
    axpy(scale * dot(src, so, x, c, len), src, so, x, c, len);
  }
}

/**
 * Two columns of y += X·a at once: y[ya + i] += Σₜ aₜ·x[xₜ + i] and y[yb + i] += Σₜ bₜ·x[xₜ + i] (t = 0 … 3),
 * loading each x entry once for eight multiply-adds.
 */
export function axpy4x2(
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  x: Float64Array,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
  y: Float64Array,
  ya: number,
  yb: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const p0 = x[x0 + i];
    const p1 = x[x1 + i];
    const p2 = x[x2 + i];
    const p3 = x[x3 + i];
    y[ya + i] += a0 * p0 + a1 * p1 + a2 * p2 + a3 * p3;
    y[yb + i] += b0 * p0 + b1 * p1 + b2 * p2 + b3 * p3;
  }
}

/** out[oa + t] = x_aᵀyₜ and out[ob + t] = x_bᵀyₜ for the four offsets y₀ … y₃ (eight dot products in one pass). */
export function dot2x4(
  x: Float64Array,
  xa: number,
  xb: number,
  y: Float64Array,
  y0: number,
  y1: number,
  y2: number,
  y3: number,
  n: number,
  out: Float64Array,
  oa: number,
  ob: number,
): void {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let i = 0; i < n; i++) {
    const p = x[xa + i];
    const q = x[xb + i];
    const t0 = y[y0 + i];
    const t1 = y[y1 + i];
    const t2 = y[y2 + i];
    const t3 = y[y3 + i];
    a0 += p * t0;
    a1 += p * t1;
    a2 += p * t2;
    a3 += p * t3;
    b0 += q * t0;
    b1 += q * t1;
    b2 += q * t2;
    b3 += q * t3;
  }
  out[oa] = a0;
  out[oa + 1] = a1;
  out[oa + 2] = a2;
  out[oa + 3] = a3;
  out[ob] = b0;
  out[ob + 1] = b1;
  out[ob + 2] = b2;
  out[ob + 3] = b3;
}
