import type { Dataset, Rng } from '@latentkit/core';
import { prepareDdeData, type DdeData } from '../dde-data.js';
import type { DdeParams } from '../dde-params.js';
import { defaultPenalty } from '../dde-resolve.js';
import type { DdeLayerSelection, DdeState } from '../dde-state.js';
import { randomInit } from '../init/random-init.js';
import { selectLayerWidths, spectralInit } from '../spectral/index.js';

/** What both DDE engines (SAEM and exact EM) prepare once per fit: the checked data, the widths and the penalties. */
export interface DdePrepared {
  readonly data: DdeData;
  /** K_1 > … > K_D, from `layers` or chosen by the spectral gap. */
  readonly widths: readonly number[];
  /** With `layers: 'auto'`: how each width was chosen. */
  readonly selection?: readonly DdeLayerSelection[];
  readonly lambda: readonly number[];
  readonly tau: readonly number[];
}

/**
 * Check layer widths against the data: positive integers, K_1 < J (a layer narrower than the columns below it) and
 * K_d < K_{d−1}.
 * @throws Error in one line naming `layers` and the offending width.
 */
export function checkWidths(widths: readonly number[], nCols: number): void {
  if (widths.length === 0) throw new Error('dde/dde: layers must list at least one width');
  widths.forEach((k, d) => {
    const below = d === 0 ? nCols : widths[d - 1];
    const what = d === 0 ? `the ${nCols} observed columns` : `layer ${d} (${below})`;
    if (!Number.isInteger(k) || k < 1) throw new Error(`dde/dde: layers[${d}] = ${k} is not a positive integer`);
    if (k >= below) throw new Error(`dde/dde: layers[${d}] = ${k} is not narrower than ${what}; expected K${d + 1} < ${below}`);
  });
}

/** @throws Error when `confirmatoryGraph` is not J × K_1 of 0/1. */
function checkConfirmatory(graph: DdeParams['confirmatoryGraph'], nCols: number, k1: number): void {
  if (graph === null) return;
  if (graph.length !== nCols || graph.some((r) => r.length !== k1 || r.some((v) => v !== 0 && v !== 1)))
    throw new Error(`dde/dde: confirmatoryGraph must be ${nCols} × ${k1} (columns × K1) of 0/1`);
}

/**
 * Prepare a DDE fit: {@link prepareDdeData}; `layers: 'auto'` chooses the widths by the spectral gap
 * (`selectLayerWidths`); widths and `confirmatoryGraph` checked; `lambda`/`tau` `'auto'` resolved to N^{1/4} and
 * 3·N^{−0.3} (the registry resolves them already in `Model.fit`; this covers direct use of the terms).
 */
export function prepareDdeFit(dataset: Dataset, params: DdeParams): DdePrepared {
  const data = prepareDdeData(dataset, params);
  const selection = params.layers === 'auto' ? selectLayerWidths(data, params.selection, params.epsilon) : undefined;
  const widths = selection ? selection.map((s) => s.chosen) : (params.layers as readonly number[]);
  checkWidths(widths, data.nCols);
  checkConfirmatory(params.confirmatoryGraph, data.nCols, widths[0]);
  const auto = defaultPenalty(data.nRows);
  return {
    data,
    widths,
    ...(selection && { selection }),
    lambda: params.lambda === 'auto' ? [auto.lambda] : params.lambda,
    tau: params.tau === 'auto' ? [auto.tau] : params.tau,
  };
}

/**
 * The initial state of a fit and the initial binary latents of every layer: the spectral initialiser (its layers
 * also kept as `initialLayers`) or `randomInit`; `selection` recorded when the widths were chosen.
 */
export function initialDde(prepared: DdePrepared, params: DdeParams, rng: Rng): { state: DdeState; latents: Uint8Array[] } {
  const { data, widths, selection } = prepared;
  const common = { families: [...data.families], columns: [...data.columns], ...(selection && { selection }) };
  if (params.init === 'random') {
    const r = randomInit(data, widths, rng, params);
    return { state: { ...r.state, ...common }, latents: r.latents };
  }
  const s = spectralInit(data, widths, { epsilon: params.epsilon, confirmatoryGraph: params.confirmatoryGraph });
  const state: DdeState = {
    layers: s.layers,
    topProbabilities: s.topProbabilities,
    ...common,
    ...(s.variances && { variances: s.variances }),
    initialLayers: s.layers,
  };
  return { state, latents: s.latents };
}
