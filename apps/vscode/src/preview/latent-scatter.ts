import type { Dataset } from '@latentkit/core';
import type { LatentMatrix } from '@latentkit/registry';
import type { Colouring, LatentScatter } from '../webviews/latent-preview/protocol.js';
import { principalPlane } from './principal-plane.js';

/** At most this many points are sent to the webview (an even stride through the rows). */
export const MAX_POINTS = 5000;

/** Whether every row of a latent matrix is a probability vector (responsibilities, topic proportions, one-hot). */
export function isSimplex(latent: LatentMatrix, tol = 1e-3): boolean {
  if (latent.nCols < 2 || latent.nRows === 0) return false;
  for (let i = 0; i < latent.nRows; i++) {
    let s = 0;
    for (let j = 0; j < latent.nCols; j++) {
      const v = latent.values[i * latent.nCols + j];
      if (!(v >= -1e-6)) return false;
      s += v;
    }
    if (Math.abs(s - 1) > tol) return false;
  }
  return true;
}

/** Index of the largest entry of each row. */
export function argmaxRows(latent: LatentMatrix): Int32Array {
  const out = new Int32Array(latent.nRows);
  for (let i = 0; i < latent.nRows; i++) {
    let best = 0;
    for (let j = 1; j < latent.nCols; j++) if (latent.values[i * latent.nCols + j] > latent.values[i * latent.nCols + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Row indices `0, s, 2s, …` with the stride s chosen so that at most `max` rows are kept. */
export function strideRows(n: number, max = MAX_POINTS): number[] {
  const step = Math.max(1, Math.ceil(n / max));
  const rows: number[] = [];
  for (let i = 0; i < n; i += step) rows.push(i);
  return rows;
}

const round = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(6)) : 0);

/** A column of values for every data row, offered as a colouring. */
export interface RowColumn {
  readonly name: string;
  readonly values: readonly (string | number)[];
}

/**
 * The 2-D scatter of the latent representation.
 *
 * - Continuous latents (posterior means of factor models and VAEs): the latent coordinates themselves when there are
 *   two, projected on their first two principal axes when there are more, against the row number when there is one.
 * - Probability vectors (mixture responsibilities, topic proportions): the points are placed by the data (its two
 *   columns, or the first two principal axes of the standardised data) for dense data, and by the proportions'
 *   principal axes for count data; the most probable component becomes the `cluster` colouring.
 *
 * Colourings, in order: `cluster` (probability vectors only), the label column, `split`, then `columns`
 * (nominal when a column has at most 20 distinct values or holds strings, else quantitative).
 */
export function latentScatter(data: Dataset, latent: LatentMatrix, columns: readonly RowColumn[] = []): LatentScatter {
  const n = latent.nRows;
  const rows = strideRows(n);
  const simplex = isSimplex(latent);
  let xy: Float64Array;
  let method: string;
  let titles: [string, string];
  if (simplex && data.kind === 'dense') {
    if (data.nCols <= 2) {
      xy = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        xy[i * 2] = data.values[i * data.nCols];
        xy[i * 2 + 1] = data.nCols === 2 ? data.values[i * 2 + 1] : i + 1;
      }
      method = `the data (${data.nCols === 2 ? 'its two columns' : 'its column against the row number'}), coloured by most probable ${componentWord(latent)}`;
      titles = [data.columns[0], data.nCols === 2 ? data.columns[1] : 'row'];
    } else {
      const plane = principalPlane(data.values, n, data.nCols, { standardise: true });
      xy = plane.coords;
      method = `first two principal axes of the standardised data (${pct(plane.explained[0] + plane.explained[1])} of the variance), coloured by most probable ${componentWord(latent)}`;
      titles = [`principal axis 1 (${pct(plane.explained[0])})`, `principal axis 2 (${pct(plane.explained[1])})`];
    }
  } else if (latent.nCols === 1) {
    xy = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      xy[i * 2] = latent.values[i];
      xy[i * 2 + 1] = i + 1;
    }
    method = 'posterior means of the one latent dimension, against the row number';
    titles = [latent.columns[0] ?? 'z1', 'row'];
  } else if (latent.nCols === 2) {
    xy = Float64Array.from(latent.values);
    method = simplex ? 'posterior proportions' : 'posterior means';
    titles = [latent.columns[0] ?? 'z1', latent.columns[1] ?? 'z2'];
  } else {
    const plane = principalPlane(latent.values, n, latent.nCols);
    xy = plane.coords;
    method = `first two principal axes of the ${latent.nCols}-dimensional posterior ${simplex ? 'proportions' : 'means'} (${pct(plane.explained[0] + plane.explained[1])} of the variance)`;
    titles = [`principal axis 1 (${pct(plane.explained[0])})`, `principal axis 2 (${pct(plane.explained[1])})`];
  }
  const colourings: Colouring[] = [];
  if (simplex) {
    const best = argmaxRows(latent);
    colourings.push({ name: 'cluster', type: 'nominal', values: rows.map((i) => latent.columns[best[i]] ?? `${best[i] + 1}`) });
  }
  if (data.kind === 'dense' && data.labels)
    colourings.push(
      colouring(
        data.labelName ?? 'label',
        rows.map((i) => data.labels![i]),
        true,
      ),
    );
  if (data.split) colourings.push({ name: 'split', type: 'nominal', values: rows.map((i) => data.split![i]) });
  for (const c of columns)
    if (!colourings.some((k) => k.name === c.name))
      colourings.push(
        colouring(
          c.name,
          rows.map((i) => c.values[i]),
        ),
      );
  return {
    method,
    xTitle: titles[0],
    yTitle: titles[1],
    x: rows.map((i) => round(xy[i * 2])),
    y: rows.map((i) => round(xy[i * 2 + 1])),
    colourings,
    ...(colourings[0] && { defaultColouring: colourings[0].name }),
    shown: rows.length,
    total: n,
  };
}

function colouring(name: string, values: (string | number)[], label = false): Colouring {
  const numeric = values.every((v) => typeof v === 'number');
  const distinct = new Set(values).size;
  if (numeric && !(label && distinct <= 20) && distinct > 20) return { name, type: 'quantitative', values: values.map((v) => round(v as number)) };
  return { name, type: 'nominal', values: values.map(String) };
}

const componentWord = (latent: LatentMatrix): string => /topic|cluster/i.exec(latent.columns[0] ?? '')?.[0].toLowerCase() ?? 'component';
const pct = (f: number): string => `${(100 * f).toFixed(1)}%`;
