/** Something text can be written to: `process.stdout`, `process.stderr`, or a capture buffer in tests. */
export interface Writer {
  write(chunk: string): unknown;
  /** True for a terminal; progress bars are drawn only then. */
  readonly isTTY?: boolean;
}

/** Where a command writes: results to `stdout`, progress, notes and errors to `stderr`. */
export interface CliIO {
  readonly stdout: Writer;
  readonly stderr: Writer;
}

/** A writer that keeps what was written, for tests and for commands run inside others. */
export interface CaptureWriter extends Writer {
  readonly text: () => string;
}

/**
 * A writer that collects everything written to it.
 * @example
 * ```ts
 * const out = captureWriter();
 * out.write('a'); out.text(); // 'a'
 * ```
 */
export function captureWriter(): CaptureWriter {
  const chunks: string[] = [];
  return {
    write: (chunk: string) => chunks.push(chunk),
    text: () => chunks.join(''),
  };
}

/** The process's own streams. */
export const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr };
