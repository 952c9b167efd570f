import type { DdeData } from '../dde-data.js';
import type { DdeLayer, DdeLayerSelection } from '../dde-state.js';

/** Options of {@link spectralInit}. */
export interface SpectralInitOptions {
  /** Clipping ε before the inverse link (ALGORITHMS.md §2.2 step 2). */
  readonly epsilon: number;
  /** A fixed G^(1) (J × K_1, 0/1): layer 1's support is taken from it instead of the thresholded rotation. */
  readonly confirmatoryGraph?: readonly (readonly number[])[] | null;
}

/** What {@link spectralInit} returns: initial parameters and the initial binary latents of every layer. */
export interface SpectralInit {
  /** Bottom-up, as `DdeState.layers`. */
  readonly layers: DdeLayer[];
  readonly topProbabilities: number[];
  /** γ_j for Normal columns (null elsewhere); absent when no column is Normal. */
  readonly variances?: (number | null)[];
  /** Â^(d) of each layer bottom-up, N × K_d row-major 0/1. */
  readonly latents: Uint8Array[];
}

/** Layer-wise double-SVD spectral initialisation (ALGORITHMS.md §2.2). Stub: implemented on wt-spectral. */
export function spectralInit(_data: DdeData, _widths: readonly number[], _options: SpectralInitOptions): SpectralInit {
  throw new Error('dde/dde: spectral initialisation is not implemented yet');
}

/** Layer widths by the spectral-gap ratio (ALGORITHMS.md §2.3, §2.9.9). Stub: implemented on wt-spectral. */
export function selectLayerWidths(_data: DdeData, _preset: 'simulation' | 'real-data', _epsilon: number): DdeLayerSelection[] {
  throw new Error('dde/dde: layer-width selection is not implemented yet');
}
