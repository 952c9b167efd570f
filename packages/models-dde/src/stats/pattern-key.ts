/**
 * A key identifying the 0/1 configuration `a[offset … offset + width)`: for width ≤ 52 the integer Σ_k a_k·2^k
 * (exact in a double); above, a string of 26-bit chunks (widths up to any size; K_1 = 54 in the deep designs).
 */
export function patternKey(a: Uint8Array, offset: number, width: number): number | string {
  if (width <= 52) {
    let key = 0;
    for (let k = width - 1; k >= 0; k--) key = key * 2 + a[offset + k];
    return key;
  }
  let text = '';
  for (let start = 0; start < width; start += 26) {
    let chunk = 0;
    for (let k = Math.min(width, start + 26) - 1; k >= start; k--) chunk = chunk * 2 + a[offset + k];
    text += (start === 0 ? '' : ':') + chunk.toString(36);
  }
  return text;
}
