import type { StepInfo } from '@latentkit/registry';
import cliProgress from 'cli-progress';
import type { Writer } from './io.js';

/** Receives a fit's steps and shows them on stderr. */
export interface Progress {
  onStep(info: StepInfo): void;
  /** Remove the bar (if any); call once the fit has ended, successfully or not. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is being fitted, e.g. `mixture/gmm on faithful.csv`. */
  readonly label: string;
  readonly stderr: Writer;
  /** Whether a bar may be drawn (a terminal, and no `--json`); otherwise plain lines, at most one per `intervalMs`. */
  readonly bar: boolean;
  readonly intervalMs?: number;
  /** Clock in ms (tests replace it). */
  readonly now?: () => number;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(8) : String(x));

/** One progress line: `label: iteration 12/100 (init 2/3), objective -1.2345678, change 3.1e-4`. */
export function progressLine(label: string, info: StepInfo): string {
  const init = info.restarts > 1 ? ` (init ${info.restart + 1}/${info.restarts})` : '';
  const change = Number.isFinite(info.delta) ? `, change ${info.delta.toExponential(2)}` : '';
  return `${label}: iteration ${info.iteration}/${info.maxIter}${init}, objective ${fmt(info.objective)}${change}`;
}

/**
 * Progress of a fit: a cli-progress bar on a terminal, else a plain line at most once per `intervalMs`
 * (the first one only after `intervalMs`, so short fits print nothing).
 */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 1000;
  if (options.bar) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      onStep(info) {
        const total = info.maxIter * info.restarts;
        const value = info.restart * info.maxIter + info.iteration;
        const payload = {
          iteration: info.iteration,
          maxIter: info.maxIter,
          objective: fmt(info.objective),
          init: info.restarts > 1 ? ` init ${info.restart + 1}/${info.restarts}` : '',
        };
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              stream: options.stderr as unknown as NodeJS.WritableStream,
              format: `${options.label} [{bar}] iteration {iteration}/{maxIter}{init} | objective {objective} | {duration_formatted}`,
              barsize: 24,
              hideCursor: true,
              clearOnComplete: true,
              fps: 10,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, value, payload);
        } else {
          bar.setTotal(total);
          bar.update(value, payload);
        }
      },
      stop() {
        bar?.stop();
        bar = undefined;
      },
    };
  }
  const start = now();
  let last = start;
  return {
    onStep(info) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      options.stderr.write(`${progressLine(options.label, info)}\n`);
    },
    stop() {},
  };
}

/** One line of a streamed pass: `label: pass 3, 1,234,567 rows, 412,345 rows/s`. */
export function passLine(label: string, pass: number, rows: number, seconds: number): string {
  const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
  return `${label}: pass ${pass}, ${rows.toLocaleString('en-US')} rows, ${rate.toLocaleString('en-US')} rows/s`;
}

/**
 * Progress of a streamed fit: the steps as {@link createProgress} prints them in plain lines, and the passes over
 * the file (pass number, rows read, rows per second), each at most once per `intervalMs`.
 */
export function createStreamProgress(options: Omit<ProgressOptions, 'bar'>): Progress & { onRows(pass: number, rows: number): void } {
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 1000;
  const steps = createProgress({ ...options, bar: false });
  let pass = 0;
  let passStart = now();
  let last = passStart;
  return {
    onStep: (info) => steps.onStep(info),
    onRows(p, rows) {
      const t = now();
      if (p !== pass) {
        pass = p;
        passStart = t;
      }
      if (t - last < interval) return;
      last = t;
      options.stderr.write(`${passLine(options.label, pass, rows, (t - passStart) / 1000)}\n`);
    },
    stop() {},
  };
}
