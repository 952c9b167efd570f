import { describe, expect, it } from 'vitest';
import { integerIterationAxes, integerTicks } from './integer-axes.js';
import { vegaLiteToSvg } from './render-svg.js';

const line = (field: string, n: number) => ({
  width: 200,
  height: 100,
  data: { values: Array.from({ length: n }, (_, i) => ({ [field]: i + 1, value: Math.sin(i) })) },
  mark: 'line',
  encoding: { x: { field, type: 'quantitative' }, y: { field: 'value', type: 'quantitative', axis: null } },
});

/** The texts of the SVG (the y axis is off, so the numbers among them are the x tick labels). */
const tickLabels = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('integerIterationAxes', () => {
  it('adds tickMinStep 1 and format d to iteration, epoch and sweep axes, in layers too, and leaves others alone', () => {
    const out = integerIterationAxes({ layer: [line('iteration', 3), line('epoch', 3)], encoding: { x: { field: 'x', type: 'quantitative' } } }) as any;
    expect(out.layer[0].encoding.x.axis).toEqual({ tickMinStep: 1, format: 'd', values: [1, 2, 3] });
    expect(out.layer[1].encoding.x.axis).toEqual({ tickMinStep: 1, format: 'd', values: [1, 2, 3] });
    expect(out.layer[0].encoding.y.axis).toBeNull();
    expect(out.encoding.x.axis).toBeUndefined();
    const own = integerIterationAxes({ encoding: { x: { field: 'sweep', type: 'quantitative', axis: { title: 'sweeps', format: '.1f' } } } }) as any;
    expect(own.encoding.x.axis).toEqual({ tickMinStep: 1, format: '.1f', title: 'sweeps' });
  });

  it('chooses at most 8 whole-number ticks, multiples of 1, 2, 5, 10, ...', () => {
    expect(integerTicks(1, 3)).toEqual([1, 2, 3]);
    expect(integerTicks(1, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(integerTicks(1, 9)).toEqual([2, 4, 6, 8]);
    expect(integerTicks(1, 40)).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
    expect(integerTicks(1, 100)).toEqual([20, 40, 60, 80, 100]);
    expect(integerTicks(0, 1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(integerTicks(2.5, 2.7)).toEqual([]);
  });

  it('renders 3 iterations with the x ticks 1, 2, 3 only (without it Vega-Lite puts ticks at fractional iterations)', async () => {
    const before = tickLabels(await vegaLiteToSvg(line('iteration', 3)));
    expect(before.some((t) => /^\d+\.\d+$/.test(t))).toBe(true);
    const after = tickLabels(await vegaLiteToSvg(integerIterationAxes(line('iteration', 3))));
    expect(after.filter((t) => /^[\d.]+$/.test(t))).toEqual(['1', '2', '3']);
  });
});
