import type { ModelPlugin, TraceEntry } from '@latentkit/registry';
import { expect } from 'vitest';
import { withFitted, type ModelPluginFixtures } from '../fixtures.js';

/** Decrease of the objective allowed from one iteration to the next, given the previous objective. */
export function allowedDecrease(tolerance: ModelPluginFixtures['monotoneTolerance'], previous: number): number {
  if (typeof tolerance === 'number') return tolerance;
  const { rtol, atol } = tolerance ?? { rtol: 1e-6, atol: 1e-7 };
  return atol + rtol * Math.abs(previous);
}

/**
 * Problems with a trace: non-finite objectives, and, when `monotone`, a decrease larger than the tolerance
 * between consecutive iterations of the same restart.
 */
export function traceProblems(trace: readonly TraceEntry[], monotone: boolean, tolerance?: ModelPluginFixtures['monotoneTolerance']): string[] {
  const problems: string[] = [];
  for (let t = 0; t < trace.length; t++) {
    const { objective, iteration, restart } = trace[t];
    const where = `iteration ${iteration}${restart === undefined ? '' : ` of restart ${restart}`}`;
    if (!Number.isFinite(objective)) problems.push(`objective is ${objective} at ${where}`);
    const prev = trace[t - 1];
    if (!monotone || !prev || prev.restart !== restart || !Number.isFinite(prev.objective)) continue;
    const allowed = allowedDecrease(tolerance, prev.objective);
    if (objective < prev.objective - allowed) {
      const by = Number((prev.objective - objective).toPrecision(3));
      problems.push(`objective decreased from ${prev.objective} to ${objective} at ${where} (by ${by}, allowed ${Number(allowed.toPrecision(3))})`);
    }
  }
  return problems;
}

/**
 * A fit resolves to a fitted model of this key with the validated parameters (after the plugin's `resolveParams`), `iterations ≥ 1`, a boolean
 * `converged`, a trace of finite objectives that, when `monotone` (default for `inference/em`), never
 * decreases by more than the tolerance of {@link ModelPluginFixtures.monotoneTolerance}.
 */
export async function checkFit(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  await withFitted(plugin, fixtures, (fitted, { key, engine, model, data }) => {
    expect(fitted.key, `${key}: fitted.key`).toBe(key);
    // Data-dependent defaults (`resolveParams`) are resolved at fit time and are part of the fitted parameters.
    const resolved = plugin.resolveParams ? plugin.resolveParams(model.params, data) : model.params;
    expect(fitted.params, `${key}: fitted.params must be the validated parameters, with resolveParams applied`).toEqual(resolved);
    expect(Number.isInteger(fitted.iterations) && fitted.iterations >= 1, `${key}: iterations = ${fitted.iterations}, expected an integer >= 1`).toBe(true);
    expect(typeof fitted.converged, `${key}: converged`).toBe('boolean');
    expect(fitted.trace.length, `${key}: the trace must hold at least the iterations of the kept run`).toBeGreaterThanOrEqual(fitted.iterations);
    const monotone = fixtures.monotone ?? engine === 'inference/em';
    const problems = traceProblems(fitted.trace, monotone, fixtures.monotoneTolerance);
    if (problems.length) throw new Error(`${key} fitted by ${engine}: ${problems.join('; ')}`);
  });
}
