import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JobResult } from './run-job.js';

/**
 * The results of a study so far, one JSON line per finished job in a file (`results.jsonl`): what makes a study
 * resumable. A job is recorded once; a rerun skips the recorded ones. A line cut short by a killed process (the
 * last one) is ignored, so that job runs again.
 */
export class ResultStore {
  /** The JSON-lines file the results are read from and appended to, as given to {@link ResultStore.open}. */
  readonly file: string;
  readonly #results = new Map<string, JobResult>();

  private constructor(file: string) {
    this.file = file;
  }

  /**
   * Open the store in `file`, reading what it holds (a missing file is an empty store).
   * @example
   * ```ts
   * const store = await ResultStore.open('out/results.jsonl');
   * const todo = jobs.filter((j) => !store.has(j.id));
   * ```
   */
  static async open(file: string): Promise<ResultStore> {
    const store = new ResultStore(file);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let result: JobResult;
      try {
        result = JSON.parse(line) as JobResult;
      } catch {
        if (i >= lines.length - 2) return;
        throw new Error(`${file}:${i + 1}: not a JSON line of job results`);
      }
      if (typeof result?.id !== 'string') throw new Error(`${file}:${i + 1}: a job result needs its id`);
      store.#results.set(result.id, result);
    });
    return store;
  }

  /** Whether job `id` is recorded. */
  has(id: string): boolean {
    return this.#results.has(id);
  }

  /** The recorded result of job `id`, if any. */
  get(id: string): JobResult | undefined {
    return this.#results.get(id);
  }

  /** Every recorded result. */
  get results(): ReadonlyMap<string, JobResult> {
    return this.#results;
  }

  /** Record a result (appended as one line); a job already recorded is left as it is. Returns whether it was added. */
  async record(result: JobResult): Promise<boolean> {
    if (this.#results.has(result.id)) return false;
    this.#results.set(result.id, result);
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(result)}\n`);
    return true;
  }

  /** Forget the failed results, so that they run again (`--retry-failed`); their new lines replace the old when read. Returns their ids. */
  dropFailed(): string[] {
    const ids = [...this.#results.values()].filter((r) => r.status === 'failed').map((r) => r.id);
    for (const id of ids) this.#results.delete(id);
    return ids;
  }
}
