import type { Colouring, LatentScatter, PreviewContent } from './protocol.js';

/** A Vega-Lite specification (plain JSON). */
export type VlSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Objective per iteration, one line per restart. */
export function objectiveSpec(trace: PreviewContent['trace'], width: number): VlSpec {
  const restarts = new Set(trace.map((t) => t.restart)).size;
  return {
    $schema: SCHEMA,
    description: 'objective per iteration',
    width,
    height: 200,
    data: { values: trace.map((t) => ({ iteration: t.iteration, objective: t.objective, restart: `init ${t.restart + 1}` })) },
    mark: { type: 'line', point: trace.length <= 200, tooltip: true },
    encoding: {
      x: {
        field: 'iteration',
        type: 'quantitative',
        title: 'iteration',
        axis: trace.length <= 12 ? { values: trace.map((t) => t.iteration), format: 'd' } : { tickMinStep: 1, format: 'd' },
      },
      y: { field: 'objective', type: 'quantitative', title: 'objective', scale: { zero: false } },
      ...(restarts > 1 && { color: { field: 'restart', type: 'nominal', title: 'initialisation' } }),
    },
  };
}

/** The latent scatter coloured by one of its colourings (or uncoloured when there is none). */
export function scatterSpec(latent: LatentScatter, colouring: Colouring | undefined, width: number): VlSpec {
  const values = latent.x.map((x, i) => ({ x, y: latent.y[i], ...(colouring && { c: colouring.values[i] }) }));
  const distinct = colouring?.type === 'nominal' ? new Set(colouring.values).size : 0;
  const color = colouring
    ? {
        field: 'c',
        type: colouring.type,
        title: colouring.name,
        scale: colouring.type === 'nominal' ? { scheme: distinct > 10 ? 'category20' : 'tableau10' } : { scheme: 'viridis' },
      }
    : undefined;
  return {
    $schema: SCHEMA,
    description: `latent scatter: ${latent.method}`,
    width,
    height: Math.round(width * 0.75),
    data: { values },
    mark: { type: 'circle', size: latent.shown > 2000 ? 12 : 30, opacity: 0.75 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: latent.xTitle, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: latent.yTitle, scale: { zero: false } },
      ...(color && { color }),
      tooltip: [
        { field: 'x', type: 'quantitative', title: latent.xTitle, format: '.4g' },
        { field: 'y', type: 'quantitative', title: latent.yTitle, format: '.4g' },
        ...(color ? [{ field: 'c', type: color.type, title: color.title }] : []),
      ],
    },
  };
}
