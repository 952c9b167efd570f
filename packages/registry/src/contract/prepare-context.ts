/**
 * What an engine tells a model's terms when it prepares the data of one fit (`prepare(data, context)`), besides the
 * data: how many threads the fit may use and the fit's abort signal. Terms that spread their data-parallel work over
 * worker threads (a block pool of `@latentkit/core`) open their pool in `prepare` and close it in `release`; the
 * thread count never changes a result (fixed row blocks, reduced in block order).
 */
export interface PrepareContext {
  /** Threads the fit may use, ≥ 1 (`FitOptions.threads`, default `os.availableParallelism()`). */
  readonly threads: number;
  /** The fit's abort signal: aborting terminates the terms' worker threads. */
  readonly signal?: AbortSignal;
}
