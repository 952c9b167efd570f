import type { Colouring, Heatmap, ImageGrid, LatentScatter, PreviewContent, TopicWords } from './protocol.js';

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

/** A matrix as a heatmap: a diverging scheme on a domain symmetric about 0 for signed values, else a sequential one. */
export function heatmapSpec(m: Heatmap, width: number): VlSpec {
  const values: { row: string; col: string; value: number }[] = [];
  m.rows.forEach((row, i) => m.cols.forEach((col, j) => values.push({ row, col, value: m.values[i * m.cols.length + j] })));
  const cell = Math.max(6, Math.min(40, Math.floor(width / Math.max(1, m.cols.length))));
  let extent = 0;
  for (const v of m.values) extent = Math.max(extent, Math.abs(v));
  return {
    $schema: SCHEMA,
    description: `heatmap ${m.title}`,
    width: cell * m.cols.length,
    height: Math.max(6, Math.min(20, Math.floor(600 / Math.max(1, m.rows.length)))) * m.rows.length,
    data: { values },
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'col', type: 'ordinal', title: m.colTitle, sort: m.cols },
      y: { field: 'row', type: 'ordinal', title: m.rowTitle, sort: m.rows },
      color: {
        field: 'value',
        type: 'quantitative',
        title: m.title,
        scale: m.diverging ? { scheme: 'redblue', domain: [-extent || -1, extent || 1], reverse: true } : { scheme: 'viridis' },
      },
    },
  };
}

/** Top words per topic as horizontal bars, one small chart per topic. */
export function topWordsSpec(topics: readonly TopicWords[], width: number): VlSpec {
  const values = topics.flatMap((t) => t.words.map((w, rank) => ({ topic: t.topic, word: w.word, weight: w.weight, rank })));
  const columns = Math.max(1, Math.min(4, Math.floor(width / 200)));
  return {
    $schema: SCHEMA,
    description: 'top words per topic',
    data: { values },
    facet: { field: 'topic', type: 'nominal', title: null, sort: topics.map((t) => t.topic) },
    columns,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: Math.max(120, Math.floor(width / columns) - 90),
      height: 16 * Math.max(1, ...topics.map((t) => t.words.length)),
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'word', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null },
        x: { field: 'weight', type: 'quantitative', title: 'weight in topic' },
      },
    },
  };
}

/** A row of greyscale images (data, samples or reconstructions), one small square chart per image. */
export function imagesSpec(grid: ImageGrid, width: number): VlSpec {
  const values: { image: number; row: number; col: number; v: number }[] = [];
  grid.images.forEach((img, k) => {
    for (let r = 0; r < grid.height; r++) for (let c = 0; c < grid.width; c++) values.push({ image: k + 1, row: r, col: c, v: img[r * grid.width + c] });
  });
  const size = Math.max(40, Math.min(96, Math.floor(width / Math.max(1, grid.images.length)) - 8));
  return {
    $schema: SCHEMA,
    description: `images: ${grid.title}`,
    data: { values },
    facet: { field: 'image', type: 'ordinal', title: null, header: { labels: false } },
    columns: grid.images.length,
    spacing: 4,
    spec: {
      width: size,
      height: size,
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'col', type: 'ordinal', axis: null },
        y: { field: 'row', type: 'ordinal', axis: null },
        color: { field: 'v', type: 'quantitative', scale: { domain: [0, 1], range: ['black', 'white'] }, legend: null },
      },
    },
  };
}
