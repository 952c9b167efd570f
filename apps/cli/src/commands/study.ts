import { writeFileAtomic } from '@latentkit/core';
import {
  expandStudy,
  parseStudySpec,
  ResultStore,
  runStudyLocally,
  studyReport,
  studyTable,
  writeStudyTables,
  type JobResult,
  type RunStudySummary,
  type StudyJob,
} from '@latentkit/study';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createContext, type CommonOptions } from '../context.js';
import { CancelledError, UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { checkOutDirectory } from '../out-path.js';
import { renderReport } from '../report/render-report.js';
import { VERSION } from '../version.js';

/** Options of `latentkit study`. */
export interface StudyCommandOptions extends CommonOptions {
  /** The study spec, JSON or YAML. */
  readonly spec: string;
  /** Output folder (default `<study name>-results`): `results.jsonl` (the resumable store), `results.csv`, `results.json`, `report.html`. */
  readonly out?: string;
  /** Folder the spec's data paths are relative to and must lie under (default: the spec's folder); local runs only. */
  readonly dataRoot?: string;
  /** `redis://host:port[/db]`: put the jobs on this BullMQ queue for `latentkit worker`s instead of running them here. */
  readonly queue?: string;
  readonly queueName: string;
  /** Remove the study's jobs from the queue instead of running it. */
  readonly cancel?: boolean;
  /** Run the failed jobs again (rejected ones are not: they would be rejected again). */
  readonly retryFailed?: boolean;
  readonly json?: boolean;
}

/** What `latentkit study` did (its `--json` line). */
export interface StudyCommandOutput extends RunStudySummary {
  readonly study: string;
  readonly jobs: number;
  readonly done: number;
  readonly rejected: number;
  readonly failed: number;
  readonly pending: number;
  readonly out: string;
}

async function readSpec(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the study spec ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseStudySpec(text, file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const progressLine = (done: number, total: number, job: StudyJob, r: JobResult): string => {
  const metrics = Object.entries(r.metrics)
    .slice(0, 3)
    .map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`)
    .join(' ');
  const vars = Object.entries(job.vars)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const what = r.status === 'done' ? metrics : `${r.status}: ${r.error}`;
  return `[${done}/${total}] ${job.model.label} · ${job.data.label}${vars ? ` ${vars}` : ''} r${job.replicate}: ${what}\n`;
};

/**
 * `latentkit study <spec> [--out dir] [--queue redis://…] [--cancel]`: expand a study spec into jobs and run the
 * unfinished ones, here or (with `--queue`) on BullMQ workers (`latentkit worker`), recording each result in
 * `<out>/results.jsonl` as it arrives; then write the table (`results.csv`, `results.json`) and `report.html` (one
 * plot per metric against the study's x variable, with error bars). Rerunning skips finished jobs; Ctrl-C keeps what
 * is recorded (tables written, exit status 130) and a rerun resumes.
 */
export async function studyCommand(options: StudyCommandOptions, io: CliIO): Promise<StudyCommandOutput> {
  const spec = await readSpec(options.spec);
  // BullMQ and ioredis are loaded only for a queued study, so that a local one starts without them.
  const queue = options.queue !== undefined ? { ...(await import('../queue/connection.js')), ...(await import('../queue/study-queue.js')) } : undefined;
  const target = queue && options.queue !== undefined ? queue.parseQueueUrl(options.queue) : undefined;
  if (options.cancel) {
    if (!queue || !target) throw new UsageError('--cancel removes a study from a queue: give the queue with --queue redis://host:port');
    await queue.checkReachable(target);
    const { removed, running } = await queue.cancelStudy(spec.name, { target, queueName: options.queueName });
    io.stdout.write(
      `${spec.name}: removed ${removed} job${removed === 1 ? '' : 's'} from ${target.shown} queue ${options.queueName}${running ? `; ${running} running now finish on their workers` : ''}\n`,
    );
    return { study: spec.name, jobs: 0, done: 0, rejected: 0, failed: 0, pending: 0, ran: 0, skipped: 0, cancelled: false, out: '' };
  }
  const out = resolve(options.out ?? `${spec.name}-results`);
  await checkOutDirectory(out, '--out');
  await mkdir(out, { recursive: true });
  const jobs = expandStudy(spec);
  const store = await ResultStore.open(join(out, 'results.jsonl'));
  if (options.retryFailed) store.dropFailed();
  const total = jobs.length;
  let finished = jobs.filter((j) => store.has(j.id)).length;
  const onResult = (job: StudyJob, r: JobResult) => io.stderr.write(progressLine(++finished, total, job, r));
  if (finished > 0) io.stderr.write(`${spec.name}: ${finished} of ${total} jobs already recorded in ${store.file}; running the others\n`);
  let summary: RunStudySummary;
  if (queue && target) {
    await queue.checkReachable(target);
    io.stderr.write(`${spec.name}: ${total - finished} jobs on ${target.shown} queue ${options.queueName}; waiting for workers\n`);
    const log = (line: string) => io.stderr.write(`${spec.name}: ${line}`);
    const r = await queue.runStudyOnQueue(jobs, store, { target, queueName: options.queueName, signal: options.signal, onResult, log });
    if (r.removed > 0)
      io.stderr.write(`${spec.name}: ${r.removed} jobs were removed from the queue before they finished (--cancel); rerun to queue them again\n`);
    summary = r;
  } else {
    const { registry } = await createContext(options, io);
    const dataRoot = resolve(options.dataRoot ?? dirname(resolve(options.spec)));
    summary = await runStudyLocally(jobs, store, { registry, dataRoot, signal: options.signal, worker: 'local', onResult });
  }
  const table = studyTable(jobs, store.results);
  const { csv } = await writeStudyTables(out, table, store.results);
  const section = studyReport(table, spec.plot?.x);
  const html = await renderReport(
    {
      title: `latentkit study: ${spec.name}`,
      subtitle: `${new Date().toISOString().slice(0, 10)} · @latentkit/cli ${VERSION}${spec.description ? ` · ${spec.description}` : ''}`,
      entries: [
        {
          section,
          details: [
            ['spec', options.spec],
            ['jobs', total],
            ['seed', spec.seed ?? 0],
            ['runner', target ? `${target.shown} queue ${options.queueName}` : 'local'],
          ],
        },
      ],
    },
    { warn: (m) => io.stderr.write(`warning: ${m}\n`) },
  );
  await writeFileAtomic(join(out, 'report.html'), html);
  const count = (s: string) => table.rows.filter((r) => r.status === s).length;
  const output: StudyCommandOutput = {
    study: spec.name,
    jobs: total,
    done: count('done'),
    rejected: count('rejected'),
    failed: count('failed'),
    pending: count('pending'),
    ...summary,
    out,
  };
  if (summary.cancelled) throw new CancelledError(`cancelled; ${output.pending} of ${total} jobs unfinished, results so far in ${csv}; rerun to resume`);
  io.stdout.write(
    options.json
      ? `${JSON.stringify(output)}\n`
      : `${spec.name}: ${total} jobs (${summary.ran} run now, ${summary.skipped} already recorded): ${output.done} done, ${output.rejected} rejected, ${output.failed} failed\nresults: ${csv}\nreport: ${join(out, 'report.html')}\n`,
  );
  return output;
}
