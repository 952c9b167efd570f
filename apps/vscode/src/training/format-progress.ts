import type { Progress, TrainResult } from './protocol.js';

/** A number for messages: 4 significant digits, `−` for negatives. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  return s.replace(/^-/, '−');
}

/**
 * The progress notification's line, e.g. `iteration 12/100 · objective −1.234` (with `· restart 2/3` when the engine
 * runs several initialisations).
 * @example
 * ```ts
 * formatProgress({ iteration: 12, maxIter: 100, objective: -1.2345, restart: 0, restarts: 1, elapsedMs: 80 });
 * // 'iteration 12/100 · objective −1.235'
 * ```
 */
export function formatProgress(p: Progress): string {
  const restart = p.restarts > 1 ? ` · restart ${p.restart + 1}/${p.restarts}` : '';
  return `iteration ${p.iteration}/${p.maxIter} · objective ${formatNumber(p.objective)}${restart}`;
}

/** Percentage of the run done, counting restarts, for the progress bar. */
export function progressPercent(p: Progress): number {
  const runs = Math.max(1, p.restarts);
  return Math.min(100, (100 * (p.restart + Math.min(1, p.iteration / Math.max(1, p.maxIter)))) / runs);
}

/** The message shown when a training run ends. */
export function formatTrainResult(key: string, result: TrainResult, shownPath: string): string {
  if (result.status === 'cancelled') return `latentkit: training of ${key} was cancelled after ${result.iterations} iterations; no model file was written.`;
  const scores = Object.entries(result.scores)
    .map(([name, v]) => `${name} ${formatNumber(v)}`)
    .join(', ');
  const notes = (result.notices ?? []).map((n) => ` Note: ${n}`).join('');
  return `latentkit: ${key} saved to ${shownPath} (${result.iterations} iterations, ${result.fixedIterations ? 'fixed count' : result.converged ? 'converged' : 'not converged'}, ${result.seconds.toFixed(1)} s${scores ? `; ${scores}` : ''}).${notes}`;
}
