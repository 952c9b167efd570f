/** How a fit stopped, as the fit info records it. */
export interface StopInfo {
  readonly iterations: number;
  readonly converged: boolean;
  /** The count was fixed by design (`Fitted.fixedIterations`): VAE epochs, LDA with tol = 0, Gibbs sweeps. */
  readonly fixedIterations?: boolean;
}

/**
 * How a fit stopped, in words: `converged`, `not converged` (it hit `maxIter` before its tolerance), or
 * `fixed count` when the count was fixed by design, so that nothing warns about convergence it never sought.
 */
export function stopWords(info: StopInfo): 'converged' | 'not converged' | 'fixed count' {
  if (info.fixedIterations) return 'fixed count';
  return info.converged ? 'converged' : 'not converged';
}

/** `12 (converged)`, `100 (not converged)` or `40 (fixed count)`: iterations with {@link stopWords}. */
export function iterationsText(info: StopInfo): string {
  return `${info.iterations} (${stopWords(info)})`;
}

/** A report summary with its `converged` entry replaced by `fixed count` for a fit whose count was fixed by design. */
export function summaryWithStop<T extends Readonly<Record<string, string | number>>>(summary: T, info: StopInfo): T {
  if (!info.fixedIterations || !('converged' in summary)) return summary;
  return { ...summary, converged: 'n/a (fixed count)' };
}
