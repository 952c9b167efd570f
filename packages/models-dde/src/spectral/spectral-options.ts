import type { Matrix } from '@latentkit/core';
import type { DdeData } from '../dde-data.js';
import type { DdeFamily } from '../dde-state.js';
import type { InverseLink } from './inverse-link.js';
import type { SpectralVariant } from './layer-init.js';

/** Varimax iteration cap of the simulation initialisers (`Ber_init`; the others use 1,000–2,000, all converge earlier). */
export const SIMULATION_VARIMAX_MAX_ITER = 10_000;
/** MATLAB `rotatefactors`' default cap, which the real-data initialiser (`Ber_init_data`) runs with. */
export const REAL_DATA_VARIMAX_MAX_ITER = 250;

/** The inverse link of each observed family before the second SVD. */
export const familyLink = (family: DdeFamily): InverseLink => (family === 'bernoulli' ? 'logit' : family === 'poisson' ? 'log' : 'identity');

/** Hard threshold of layer d's rotated loadings: 1/(2.5√J) at d = 1; 1/(3.5√K_{d−1}) (simulation) or 1/(2.5√K_{d−1}) deeper. */
export function layerThreshold(layer: number, children: number, variant: SpectralVariant): number {
  const factor = layer === 0 || variant === 'real-data' ? 2.5 : 3.5;
  return 1 / (factor * Math.sqrt(children));
}

/** @throws Error in one line unless the widths are integers with J ≥ K_1 ≥ K_2 ≥ … ≥ 1 and N ≥ 2. */
export function checkWidths(data: DdeData, widths: readonly number[]): void {
  if (data.nRows < 2) throw new Error(`dde/dde: the spectral initialisation needs at least 2 rows, got ${data.nRows}`);
  if (widths.length === 0) throw new Error('dde/dde: layers must list at least one width, got []');
  let above = data.nCols;
  for (const [d, k] of widths.entries()) {
    if (!Number.isInteger(k) || k < 1 || k > above)
      throw new Error(
        `dde/dde: layers[${d}] = ${k} must be an integer in [1, ${above}] (${d === 0 ? `J = ${data.nCols} columns` : `layers[${d - 1}]`}); got layers [${widths.join(', ')}]`,
      );
    above = k;
  }
}

/**
 * The confirmatory G^(1) as a J × K_1 matrix.
 * @throws Error in one line naming `confirmatoryGraph` unless it is J × K_1 with 0/1 entries.
 */
export function confirmatorySupport(graph: readonly (readonly number[])[], nCols: number, k1: number): Matrix {
  if (graph.length !== nCols) throw new Error(`dde/dde: confirmatoryGraph must have one row per column (J = ${nCols}), got ${graph.length} rows`);
  const out = new Float64Array(nCols * k1);
  for (const [j, row] of graph.entries()) {
    if (row.length !== k1) throw new Error(`dde/dde: confirmatoryGraph row ${j + 1} has ${row.length} entries, expected K1 = ${k1} (layers[0])`);
    for (const [t, x] of row.entries()) {
      if (x !== 0 && x !== 1) throw new Error(`dde/dde: confirmatoryGraph row ${j + 1}, entry ${t + 1} is ${x}, expected 0 or 1`);
      out[j * k1 + t] = x;
    }
  }
  return { rows: nCols, cols: k1, data: out };
}
