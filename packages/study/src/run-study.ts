import { FitCancelledError } from '@latentkit/app';
import { writeFileAtomic } from '@latentkit/core';
import { join } from 'node:path';
import type { StudyJob } from './expand.js';
import { runStudyJob, type JobResult, type JobRunnerOptions } from './run-job.js';
import type { ResultStore } from './store.js';
import { toCsv, type StudyTable } from './table.js';

/** Options of {@link runStudyLocally}. */
export interface RunStudyOptions extends JobRunnerOptions {
  /** Called after each job is recorded. */
  readonly onResult?: (job: StudyJob, result: JobResult) => void;
}

/** What {@link runStudyLocally} did. */
export interface RunStudySummary {
  /** Jobs run and recorded now. */
  readonly ran: number;
  /** Jobs already in the store, not run again. */
  readonly skipped: number;
  /** Whether the signal stopped it (the job in progress was not recorded; a rerun resumes there). */
  readonly cancelled: boolean;
}

/**
 * Run a study's jobs one after the other in this process, skipping those the store holds and recording each result
 * as soon as it is known, so that a stopped run resumes where it stopped. A rejected or failed job is recorded and
 * the others go on; the signal stops the job in progress without recording it.
 * @example
 * ```ts
 * const store = await ResultStore.open('out/results.jsonl');
 * await runStudyLocally(expandStudy(spec), store, { registry: buildRegistry(), dataRoot: '.' });
 * ```
 */
export async function runStudyLocally(jobs: readonly StudyJob[], store: ResultStore, options: RunStudyOptions): Promise<RunStudySummary> {
  let ran = 0;
  const todo = jobs.filter((j) => !store.has(j.id));
  for (const job of todo) {
    if (options.signal?.aborted) return { ran, skipped: jobs.length - todo.length, cancelled: true };
    let result: JobResult;
    try {
      result = await runStudyJob(job, options);
    } catch (e) {
      if (e instanceof FitCancelledError) return { ran, skipped: jobs.length - todo.length, cancelled: true };
      throw e;
    }
    await store.record(result);
    ran++;
    options.onResult?.(job, result);
  }
  return { ran, skipped: jobs.length - todo.length, cancelled: false };
}

/**
 * Write the study's table to `dir` as `results.csv` and `results.json` (`{ study, columns, rows }`, rows with the
 * runs' `seconds` and `worker` too), each atomically. Returns the paths.
 */
export async function writeStudyTables(
  dir: string,
  table: StudyTable,
  results: ReadonlyMap<string, JobResult>,
): Promise<{
  /** Path of `results.csv` in `dir`. */
  csv: string;
  /** Path of `results.json` in `dir`. */
  json: string;
}> {
  const csv = join(dir, 'results.csv');
  const json = join(dir, 'results.json');
  const rows = table.rows.map((r) => {
    const res = results.get(r.id as string);
    return { ...r, seconds: res?.seconds ?? null, worker: res?.worker ?? null };
  });
  await writeFileAtomic(csv, toCsv(table));
  await writeFileAtomic(json, `${JSON.stringify({ study: table.study, columns: table.columns, rows }, null, 1)}\n`);
  return { csv, json };
}
