import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { objectiveSpec, scatterSpec } from './vega-specs.js';

const latent = {
  method: 'posterior means',
  xTitle: 'z1',
  yTitle: 'z2',
  x: [0, 1, 2],
  y: [1, 0, 1],
  colourings: [
    { name: 'cluster', type: 'nominal' as const, values: ['a', 'b', 'a'] },
    { name: 'size', type: 'quantitative' as const, values: [1, 2, 3] },
  ],
  shown: 3,
  total: 3,
};

// Compiling with Vega-Lite catches invalid specifications before they reach the webview.
const compiles = (spec: Record<string, unknown>) => expect(() => compile(spec as never)).not.toThrow();

describe('Vega-Lite specs of the preview', () => {
  it('objective per iteration, one line per restart', () => {
    const spec = objectiveSpec(
      [
        { iteration: 1, objective: -3, restart: 0 },
        { iteration: 2, objective: -2, restart: 0 },
        { iteration: 1, objective: -4, restart: 1 },
      ],
      300,
    );
    compiles(spec);
    expect((spec.data as { values: unknown[] }).values).toHaveLength(3);
    expect((spec.encoding as Record<string, unknown>).color).toMatchObject({ field: 'restart' });
  });

  it('latent scatter with a nominal or quantitative colouring', () => {
    const nominal = scatterSpec(latent, latent.colourings[0], 400);
    compiles(nominal);
    expect((nominal.data as { values: unknown[] }).values).toEqual([
      { x: 0, y: 1, c: 'a' },
      { x: 1, y: 0, c: 'b' },
      { x: 2, y: 1, c: 'a' },
    ]);
    const quantitative = scatterSpec(latent, latent.colourings[1], 400);
    compiles(quantitative);
    expect((quantitative.encoding as { color: { type: string } }).color.type).toBe('quantitative');
    compiles(scatterSpec(latent, undefined, 400));
  });
});
