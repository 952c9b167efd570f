import type { DenseDataset } from '@latentkit/core';
import type { ImagesView } from '@latentkit/registry';

/** Side length of square images of `d` pixels (`d` a perfect square of at least 16), else undefined. */
export function imageSide(d: number): number | undefined {
  const side = Math.round(Math.sqrt(d));
  return side >= 4 && side * side === d ? side : undefined;
}

/** Grey-level range of the data if it looks like images: every value in [0, 1], or in [0, 255]; else undefined. */
export function greyRange(values: Float64Array): number | undefined {
  let max = 0;
  for (const v of values) {
    if (!(v >= 0)) return undefined;
    if (v > max) max = v;
  }
  return max <= 1 ? 1 : max <= 255 ? 255 : undefined;
}

/**
 * `count` rows of `values` (row-major, `d` columns) as an images view of square images in one row, chosen at an even
 * stride, clamped and scaled to [0, 1] by `range`.
 */
export function imageGrid(title: string, values: Float64Array, nRows: number, d: number, range: number, count = 12): ImagesView | undefined {
  const side = imageSide(d);
  if (!side || nRows === 0) return undefined;
  const step = Math.max(1, Math.floor(nRows / count));
  const images: { pixels: number[] }[] = [];
  for (let i = 0; i < nRows && images.length < count; i += step) {
    images.push({ pixels: Array.from(values.subarray(i * d, (i + 1) * d), (v) => Number(Math.min(1, Math.max(0, v / range)).toFixed(3))) });
  }
  return { kind: 'images', title, width: side, height: side, images };
}

/** Whether dense data should be shown as images: square rows of grey levels. */
export function looksLikeImages(data: DenseDataset): boolean {
  return imageSide(data.nCols) !== undefined && greyRange(data.values) !== undefined;
}
