import type { DdeData } from '../dde-data.js';
import type { DdeLayerSelection } from '../dde-state.js';
import { centreColumns, doubleSvdTransform } from './double-svd.js';
import { rightSingularSystem } from './gram-svd.js';
import { applyInverseLink } from './inverse-link.js';
import { initLayer, type SpectralVariant } from './layer-init.js';
import { selectionLatents } from './selection-latents.js';
import { latentInput, observedInput } from './spectral-init.js';
import { familyLink, layerThreshold, REAL_DATA_VARIMAX_MAX_ITER, SIMULATION_VARIMAX_MAX_ITER } from './spectral-options.js';

/** The real-data scripts' clipping before the inverse link in K selection: logit(clip(X, 0.01)) (MNIST), log(max(X, 0.1)) (20 Newsgroups). */
export const REAL_DATA_LOGIT_CLIP = 0.01;
export const REAL_DATA_LOG_FLOOR = 0.1;
/** The real-data scripts' largest candidate width. */
export const REAL_DATA_MAX_WIDTH = 30;

/**
 * Where the latents Â^(d) that feed layer d + 1's selection come from, for d ≥ 2 (Â^(1) is always the fitting
 * initialiser's layer 1, as `select_K.m`'s `Normal_init_1` is):
 * - `'select-k'`: the reference's `binary_init_K` (`selectionLatents`: rank floor min(2K_d, K_{d−1} − 2),
 *   threshold max(0.05, 1/(2.5√K_{d−1})), no refit) — what `select_K.m` does; the `'simulation'` default;
 * - `'initialiser'`: the fitting initialiser's layer (`initLayer` with the preset's variant: rank floor K_d + 1,
 *   threshold 1/(3.5√K_{d−1}) or 1/(2.5√K_{d−1})) — the `'real-data'` default (the real-data scripts select K_1 only).
 */
export type SelectionLatents = 'select-k' | 'initialiser';

/** Options of {@link selectLayerWidths}. */
export interface SelectWidthsOptions {
  /** Default `'select-k'` under the `'simulation'` preset, `'initialiser'` under `'real-data'`. */
  readonly deeperLatents?: SelectionLatents;
}

/** The integers lo … hi, with hi capped at `cap` (so that σ_{k+1} exists). */
const range = (lo: number, hi: number, cap: number): number[] => {
  const out: number[] = [];
  for (let k = lo; k <= Math.min(hi, cap); k++) out.push(k);
  return out;
};

/** The width on `grid` maximising σ_k/σ_{k+1} (the first on ties, as MATLAB's `max`). */
export function spectralGapChoice(singularValues: Float64Array, grid: readonly number[]): DdeLayerSelection {
  const ratios = grid.map((k) => singularValues[k - 1] / singularValues[k]);
  let best = 0;
  for (let t = 1; t < ratios.length; t++) if (ratios[t] > ratios[best]) best = t;
  return { grid: [...grid], ratios, singularValues: Array.from(singularValues), chosen: grid[best] };
}

/** Singular values of the layer-1 selection matrix: centred raw X (simulation) or the uncentred clipped inverse link of X (real data). */
function observedSingularValues(data: DdeData, preset: 'simulation' | 'real-data'): Float64Array {
  const { nRows: n, nCols: c } = data;
  const y = Float64Array.from(data.values);
  if (preset === 'simulation') centreColumns(y, n, c);
  else
    for (let j = 0; j < c; j++) {
      const link = familyLink(data.families[j]);
      const eps = link === 'log' ? REAL_DATA_LOG_FLOOR : REAL_DATA_LOGIT_CLIP;
      for (let i = 0; i < n; i++) y[i * c + j] = applyInverseLink(link, y[i * c + j], eps);
    }
  return rightSingularSystem(y, n, c).singularValues;
}

/**
 * Layer widths by the spectral-gap ratio (ALGORITHMS.md §2.3, §2.9 item 9; the reference's `select_K.m` and the real-data
 * scripts): at each layer K̂_d = argmax_k σ_k/σ_{k+1} over a grid, from the singular values of
 *
 * - layer 1: the column-centred X (`'simulation'`, grid ⌊J/4⌋ + 1 … ⌊J/2⌋) or the uncentred transformed X
 *   (`'real-data'`, grid 2 … 30: Bernoulli logit(clip(X, 0.01)), Poisson log(max(X, 0.1)), Normal raw);
 * - layer d ≥ 2: the logit of the clipped (ε) rank-m reconstruction of Â^(d−1), m = max(k_max + 1, #{σ_i > 1.01√N}),
 *   centred (`'simulation'`, grid max(⌈K̂_{d−1}/4⌉, 2) … ⌊K̂_{d−1}/2⌋) or uncentred (`'real-data'`, grid
 *   2 … min(30, ⌊K̂_{d−1}/2⌋); the real-data scripts select K_1 only, so this deeper rule is ours).
 *
 * Every grid is capped at min(N, c) − 1 so that σ_{k+1} exists. Â^(1) comes from `initLayer` at the chosen K̂_1;
 * Â^(d), d ≥ 2, as `options.deeperLatents` says (`SelectionLatents`: by default `select_K.m`'s `binary_init_K`
 * under `'simulation'`). Layers are added while the next grid is non-empty.
 *
 * @returns one selection per layer, bottom-up.
 * @throws Error in one line when layer 1's grid is empty (too few columns or rows).
 */
export function selectLayerWidths(data: DdeData, preset: 'simulation' | 'real-data', epsilon: number, options: SelectWidthsOptions = {}): DdeLayerSelection[] {
  const { nRows: n, nCols: J } = data;
  const variant: SpectralVariant = preset;
  const deeper = options.deeperLatents ?? (preset === 'simulation' ? 'select-k' : 'initialiser');
  const varimaxMaxIter = preset === 'simulation' ? SIMULATION_VARIMAX_MAX_ITER : REAL_DATA_VARIMAX_MAX_ITER;
  const grid1 =
    preset === 'simulation' ? range(Math.floor(J / 4) + 1, Math.floor(J / 2), Math.min(n, J) - 1) : range(2, REAL_DATA_MAX_WIDTH, Math.min(n, J) - 1);
  if (grid1.length === 0)
    throw new Error(`dde/dde: layers 'auto' cannot choose K1 from ${J} columns and ${n} rows (the ${preset} grid is empty); give layers explicitly`);
  const first = spectralGapChoice(observedSingularValues(data, preset), grid1);
  const selections = [first];
  let k = first.chosen;
  let input = observedInput(data);
  let latents: Uint8Array | null = null;
  for (;;) {
    const grid =
      preset === 'simulation'
        ? range(Math.max(Math.ceil(k / 4), 2), Math.floor(k / 2), Math.min(n, k) - 1)
        : range(2, Math.min(REAL_DATA_MAX_WIDTH, Math.floor(k / 2)), Math.min(n, k) - 1);
    if (grid.length === 0) break;
    const children = input.links.length;
    if (latents !== null && deeper === 'select-k') latents = selectionLatents(latents, n, children, k, epsilon, varimaxMaxIter);
    else latents = initLayer(input, { k, threshold: layerThreshold(selections.length - 1, children, variant), varimaxMaxIter, epsilon, variant }).latents;
    input = latentInput(latents, n, k);
    const { z } = doubleSvdTransform(input, grid[grid.length - 1] + 1, epsilon, preset === 'simulation');
    const selection = spectralGapChoice(rightSingularSystem(z, n, k).singularValues, grid);
    selections.push(selection);
    k = selection.chosen;
  }
  return selections;
}
