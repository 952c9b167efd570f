/** √(a² + b²) without destructive underflow or overflow (two-argument, much faster than `Math.hypot`). */
export function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return x + y;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}
