/** A Vega-Lite specification with inline data (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** Options of every view renderer. */
export interface ViewSpecOptions {
  /** The width the plot should fit in, in pixels (default {@link DEFAULT_VIEW_WIDTH}). */
  readonly width?: number;
}

/** The width a view is drawn at when the caller gives none, in pixels. */
export const DEFAULT_VIEW_WIDTH = 420;

/** The Vega-Lite schema every spec names. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Keep `n` within [lo, hi]. */
export const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));
