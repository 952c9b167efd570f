import type { Dataset } from '@latentkit/core';
import type { Fitted, ReportSection } from '@latentkit/registry';
import { stopWords, summaryWithStop } from '../convergence.js';

/**
 * The report section of a fitted model: its own `report(data)`, or, for a plugin without one,
 * the fit's numbers and its objective per iteration.
 */
export function fittedSection(fitted: Fitted, data?: Dataset): ReportSection {
  if (fitted.report) {
    const section = fitted.report(data);
    return { ...section, summary: summaryWithStop(section.summary, fitted) };
  }
  return {
    title: fitted.key,
    summary: {
      iterations: fitted.iterations,
      converged: stopWords(fitted) === 'fixed count' ? 'n/a (fixed count)' : String(fitted.converged),
      ...(data ? fitted.scores(data) : {}),
    },
    plots: [
      {
        title: 'Objective per iteration',
        spec: {
          width: 420,
          height: 240,
          data: { values: fitted.trace.map((t) => ({ iteration: t.iteration, objective: t.objective, restart: `init ${(t.restart ?? 0) + 1}` })) },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'iteration', type: 'quantitative' },
            y: { field: 'objective', type: 'quantitative', scale: { zero: false } },
            color: { field: 'restart', type: 'nominal' },
          },
        },
      },
    ],
  };
}
