import { describe, expect, it } from 'vitest';
import { integerIterationAxes } from './integer-axes.js';
import { vegaLiteToSvg } from './render-svg.js';

const line = (field: string, n: number) => ({
  width: 200,
  height: 100,
  data: { values: Array.from({ length: n }, (_, i) => ({ [field]: i + 1, value: Math.sin(i) })) },
  mark: 'line',
  encoding: { x: { field, type: 'quantitative' }, y: { field: 'value', type: 'quantitative' } },
});

/** The text of the SVG's x-axis tick labels (Vega renders them as <text> in the group of role axis-label). */
const tickLabels = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('integerIterationAxes', () => {
  it('adds tickMinStep 1 and format d to iteration, epoch and sweep axes, in layers too, and leaves others alone', () => {
    const out = integerIterationAxes({ layer: [line('iteration', 3), line('epoch', 3)], encoding: { x: { field: 'x', type: 'quantitative' } } }) as any;
    expect(out.layer[0].encoding.x.axis).toEqual({ tickMinStep: 1, format: 'd' });
    expect(out.layer[1].encoding.x.axis).toEqual({ tickMinStep: 1, format: 'd' });
    expect(out.layer[0].encoding.y.axis).toBeUndefined();
    expect(out.encoding.x.axis).toBeUndefined();
    const own = integerIterationAxes({ encoding: { x: { field: 'sweep', type: 'quantitative', axis: { title: 'sweeps', format: '.1f' } } } }) as any;
    expect(own.encoding.x.axis).toEqual({ tickMinStep: 1, format: '.1f', title: 'sweeps' });
  });

  it('renders 3 iterations with whole-number ticks only (without it Vega-Lite draws 1.0, 1.2, ...)', async () => {
    const before = tickLabels(await vegaLiteToSvg(line('iteration', 3)));
    expect(before.some((t) => /^\d+\.\d+$/.test(t))).toBe(true);
    const after = tickLabels(await vegaLiteToSvg(integerIterationAxes(line('iteration', 3))));
    expect(after).toEqual(expect.arrayContaining(['1', '2', '3']));
    expect(after.filter((t) => /^\d/.test(t) && !/^-?\d+$/.test(t) && !/^-?\d*\.\d+$/.test(t))).toEqual([]);
    const xTicks = after.filter((t) => ['1', '2', '3', '1.5', '2.5', '1.2', '1.4'].includes(t));
    expect(xTicks.sort()).toEqual(['1', '2', '3']);
  });
});
