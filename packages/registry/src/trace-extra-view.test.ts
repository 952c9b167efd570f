import { describe, expect, it } from 'vitest';
import { traceExtraView } from './trace-extra-view.js';

describe('traceExtraView', () => {
  const trace = [
    { iteration: 1, objective: -2, extra: { 'mgda.background': 0.25, 'mgda.target': 0.75 } },
    { iteration: 2, objective: -1.5 },
    { iteration: 3, objective: -1, extra: { 'mgda.background': 0.5, 'mgda.target': 0.5 } },
  ];

  it('draws one series per extra name over the iterations that record it', () => {
    expect(traceExtraView(trace, { title: 'MGDA weight per epoch' })).toEqual({
      kind: 'line',
      title: 'MGDA weight per epoch',
      xLabel: 'iteration',
      yLabel: 'value',
      series: [
        { name: 'mgda.background', x: [1, 3], y: [0.25, 0.5] },
        { name: 'mgda.target', x: [1, 3], y: [0.75, 0.5] },
      ],
    });
  });

  it('keeps only the asked names, and is undefined when none is recorded', () => {
    expect(traceExtraView(trace, { title: 't', names: ['mgda.target'] })?.series.map((s) => s.name)).toEqual(['mgda.target']);
    expect(traceExtraView(trace, { title: 't', names: ['lambda'] })).toBeUndefined();
    expect(traceExtraView([{ iteration: 1, objective: 0 }], { title: 't' })).toBeUndefined();
  });
});
