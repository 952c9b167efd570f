/** sin(πx) with the argument reduced exactly, so that it vanishes at the integers. */
export function sinPi(x: number): number {
  const r = x - 2 * Math.round(x / 2);
  if (r > 0.5) return Math.sin(Math.PI * (1 - r));
  if (r < -0.5) return -Math.sin(Math.PI * (1 + r));
  return Math.sin(Math.PI * r);
}
