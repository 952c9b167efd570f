import type { ImagesView } from '@latentkit/registry';
import type { DdeState } from '../dde-state.js';
import { latentId } from './dde-node-ids.js';

/** Smallest side of a square image whose pixels are drawn as templates. */
const MIN_SIDE = 8;
/** Column names of image pixels: `pixel12`, `px_3`, `x7`, `p0`, or plain numbers. */
const PIXEL_NAME = /^(pixel|px|p|x)?[_-]?\d+$/i;

/**
 * The side of the square image that the observed columns are the pixels of, or `undefined`: J must be a perfect
 * square of side ≥ 8 and either 784 (MNIST's 28 × 28) or every column named like a pixel (`pixel…`, `px…`, `x…`).
 */
export function imageSide(columns: readonly string[]): number | undefined {
  const side = Math.round(Math.sqrt(columns.length));
  if (side < MIN_SIDE || side * side !== columns.length) return undefined;
  return columns.length === 784 || columns.every((c) => PIXEL_NAME.test(c)) ? side : undefined;
}

/** Column names that say which pixel of an image they are: `pixel123`, `px_45` (0-based index, row by row). */
const INDEXED_PIXEL = /^(?:pixel|px)[_-]?(\d+)$/i;

/**
 * Where each observed column sits in a square image of side `side`: all of it (see {@link imageSide}), or, when the
 * columns are a subset of the pixels named by index (`pixel123`: the constant pixels of MNIST dropped), the pixel of
 * each column, the side being the smallest square that holds the largest index (at least 8). `undefined` otherwise.
 */
export function imageLayout(columns: readonly string[]): { side: number; positions: number[] } | undefined {
  const full = imageSide(columns);
  if (full !== undefined) return { side: full, positions: columns.map((_, j) => j) };
  const positions = columns.map((c) => INDEXED_PIXEL.exec(c)?.[1]).map((m) => (m === undefined ? -1 : Number(m)));
  if (positions.length === 0 || positions.some((p) => p < 0) || new Set(positions).size !== positions.length) return undefined;
  const side = Math.ceil(Math.sqrt(Math.max(...positions) + 1));
  return side >= MIN_SIDE ? { side, positions } : undefined;
}

/**
 * When the observed columns are the pixels of a square image (see {@link imageLayout}), each layer-1 latent's slopes
 * β_jk over the pixels j as an image: grey 0.5 is β = 0, white the largest positive slope and black the most negative,
 * on one scale for all latents (pixel = ½ + β/(2·max|β|)), so the templates compare. `undefined` otherwise.
 */
export function ddeTemplateView(state: DdeState): ImagesView | undefined {
  const layout = imageLayout(state.columns);
  if (layout === undefined) return undefined;
  const { side, positions } = layout;
  const coefficients = state.layers[0].coefficients;
  const k = coefficients[0].length - 1;
  let max = 0;
  for (const row of coefficients) for (let c = 1; c <= k; c++) max = Math.max(max, Math.abs(row[c]));
  const scale = max > 0 ? 1 / (2 * max) : 0;
  return {
    kind: 'images',
    title: `Layer-1 templates (${k} latents, ${side} × ${side} pixels)`,
    description: `The slopes β_jk of each latent of layer 1 over the pixels: grey is 0 (and pixels that are not columns of the data), white the largest positive slope (${round(max)}), black the most negative.`,
    width: side,
    height: side,
    columns: Math.min(k, 8),
    images: Array.from({ length: k }, (_, c) => {
      const pixels = new Array<number>(side * side).fill(0.5);
      coefficients.forEach((row, j) => (pixels[positions[j]] = 0.5 + row[1 + c] * scale));
      return { label: latentId(1, c), pixels };
    }),
  };
}

const round = (x: number): number => Number(x.toPrecision(4));
