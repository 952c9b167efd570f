/** Something text can be written to: `process.stdout`, `process.stderr`, or a capture buffer in tests. */
export interface Writer {
  write(chunk: string): unknown;
  /** True for a terminal; progress bars are drawn only then. */
  readonly isTTY?: boolean;
}

/** Standard input as a command reads it (a data argument `-`): chunks of bytes or text; `isTTY` for a terminal. */
export interface StdinSource extends AsyncIterable<Uint8Array | string> {
  readonly isTTY?: boolean;
}

/** Where a command writes: results to `stdout`, progress, notes and errors to `stderr`; `stdin` is read for a data argument `-`. */
export interface CliIO {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly stdin?: StdinSource;
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
export const processIO: CliIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  // Looked up only when read: creating process.stdin early could keep a process waiting on a terminal.
  get stdin(): StdinSource {
    return process.stdin;
  },
};
