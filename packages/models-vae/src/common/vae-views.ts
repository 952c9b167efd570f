import type { Dataset } from '@latentkit/core';
import type { HeatmapView, ImagesView, LatentMatrix, ModelView, ScatterView } from '@latentkit/registry';
import { decodeWidthOf, type VaeFamily, type VaeState } from './vae-family.js';
import type { VaeTrainingParams } from './vae-params.js';

/** Latent dimensions traversed in the images view, and the values each takes (others held at 0). */
const MAX_TRAVERSED = 8;
const GAUSSIAN_STEPS = [-2, -1, 0, 1, 2];
const CODE_STEPS = [0, 1];
const MAX_POINTS = 2000;

/** What the views of a fitted VAE read. */
export interface VaeViewSource<P extends VaeTrainingParams> {
  /** The model family, which names the latent columns and their types. */
  readonly family: VaeFamily<P>;
  /** The fitted hyperparameters. */
  readonly params: P;
  /** The fitted weights and extra state. */
  readonly state: VaeState;
  /** The D column names of the data. */
  readonly columns: readonly string[];
  /** Number of columns `transform` returns. */
  readonly latentDim: number;
  /** Decoder means for the given latent rows. */
  decode(latents: Pick<LatentMatrix, 'nRows' | 'values'> & { readonly nCols?: number }): {
    /** E[x | z] for every latent row, rows × D, row-major. */
    readonly values: Float64Array;
  };
  /** Posterior means of every row of `data`. */
  transform(data: Dataset): LatentMatrix;
}

/** The side s of a square image with D = s² pixels (s ≥ 4), else 0. */
export function imageSide(d: number): number {
  const s = Math.round(Math.sqrt(d));
  return s >= 4 && s * s === d ? s : 0;
}

/**
 * Decoded latent traversals: for each of the first {@link MAX_TRAVERSED} decoder inputs a, the decoder means at
 * z = t·e_a for t in −2…2 (Gaussian latents) or 0, 1 (binary and one-hot codes), min–max scaled to [0, 1] together.
 */
export function traversalView<P extends VaeTrainingParams>(fitted: VaeViewSource<P>, side: number): ImagesView {
  const width = decodeWidthOf(fitted.family, fitted.params, fitted.state);
  const discrete = (fitted.family.latents?.(fitted.params) ?? ['gaussian']).some((l) => l !== 'gaussian');
  const steps = discrete ? CODE_STEPS : GAUSSIAN_STEPS;
  const dims = Math.min(width, MAX_TRAVERSED);
  const z = new Float64Array(dims * steps.length * width);
  for (let a = 0; a < dims; a++) steps.forEach((t, i) => (z[(a * steps.length + i) * width + a] = t));
  const { values } = fitted.decode({ nRows: dims * steps.length, nCols: width, values: z });
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of values) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  const span = hi > lo ? hi - lo : 1;
  const d = side * side;
  return {
    kind: 'images',
    title: 'Decoded latent traversals',
    description: `Row a: the decoder mean at z = t·e_a for t = ${steps.join(', ')} (other latents 0), scaled to [0, 1].`,
    width: side,
    height: side,
    columns: steps.length,
    images: Array.from({ length: dims * steps.length }, (_, r) => ({
      label: `z${Math.floor(r / steps.length) + 1} = ${steps[r % steps.length]}`,
      pixels: Array.from(values.subarray(r * d, (r + 1) * d), (x) => (x - lo) / span),
    })),
  };
}

/** The first two latent means of (up to {@link MAX_POINTS}) rows of `data`, coloured by its labels when it has any. */
export function latentScatter<P extends VaeTrainingParams>(fitted: VaeViewSource<P>, data: Dataset): ScatterView {
  const z = fitted.transform(data);
  const labels = (data as { labels?: readonly (string | number)[] }).labels;
  const n = Math.min(z.nRows, MAX_POINTS);
  return {
    kind: 'scatter',
    title: 'Posterior means of the first two latent dimensions',
    xLabel: z.columns[0],
    yLabel: z.columns[1],
    points: Array.from({ length: n }, (_, i) => ({
      x: z.values[i * z.nCols],
      y: z.values[i * z.nCols + 1],
      ...(labels && { group: String(labels[i]) }),
    })),
  };
}

/** The first decoder layer's weights `dec.w0` (decoder inputs × first hidden units), when the model has one. */
export function decoderWeightsView(state: VaeState): HeatmapView | undefined {
  const w = state.weights['dec.w0'];
  if (!w) return undefined;
  const [r, c] = w.shape;
  return {
    kind: 'heatmap',
    title: 'First decoder layer weights',
    rowLabels: Array.from({ length: r }, (_, a) => `z${a + 1}`),
    columnLabels: Array.from({ length: c }, (_, h) => `h${h + 1}`),
    values: Array.from(w.dataSync()),
    scale: 'diverging',
  };
}

/** The views of a fitted VAE (see `FittedVae.views`). */
export function vaeViews<P extends VaeTrainingParams>(fitted: VaeViewSource<P>, data?: Dataset): ModelView[] {
  const side = imageSide(fitted.columns.length);
  const out: ModelView[] = [];
  if (side) out.push(traversalView(fitted, side));
  else if (data && fitted.latentDim >= 2) out.push(latentScatter(fitted, data));
  else {
    const w = decoderWeightsView(fitted.state);
    if (w) out.push(w);
  }
  return [...out, ...(fitted.family.views?.(fitted.state, fitted.params, fitted.columns) ?? [])];
}
