import { dataHash, type BackendInfo } from '@latentkit/core';
import type { Registry, RestartSlice } from '@latentkit/registry';
import { resolveUnderRoot } from '@latentkit/study';
import { fitOne, prepareSelect, SELECT_REQUEST_FIELDS, type SelectFit, type SelectRequest } from '../commands/select.js';
import type { GridSetting } from '../commands/select-grid.js';
import type { CommandContext } from '../context.js';
import { isDatasetArgument } from '../dataset-source.js';
import { firstLine } from '../errors.js';
import type { CliIO } from '../io.js';

/**
 * One fit of a queued `latentkit select`: one setting and, for a model with several restarts, one restart of it
 * (`FitOptions.restart`), with the options of the run that a worker needs to repeat it. Plain JSON; no code.
 */
export interface SelectJob {
  readonly kind: 'select';
  /** The select run's id, one per `select --queue` command. */
  readonly run: string;
  /** The setting's position in the run's order of settings. */
  readonly index: number;
  readonly setting: GridSetting;
  readonly restart?: RestartSlice;
  /** The run's options; data files as paths relative to the folder select ran in, beginning `./`. */
  readonly request: SelectRequest;
  /** `dataHash` of the training rows (and of the test rows, after a `+`) the run loaded: a worker whose data differ rejects the job. */
  readonly dataHash: string;
}

/**
 * What a worker returns for a {@link SelectJob}: the fit's row and final objective (non-finite numbers written as
 * `{ nonFinite: 'NaN' }`, since JSON has none), or why it failed (as the local run's table would say) or was rejected.
 */
export type SelectJobResult =
  { readonly status: 'done'; readonly fit: SelectFit; readonly objective: number } | { readonly status: 'failed' | 'rejected'; readonly error: string };

/** Whether a job's data is a {@link SelectJob} (study jobs carry no `kind`). */
export const isSelectJob = (data: unknown): boolean => (data as { kind?: unknown } | null)?.kind === 'select';

/** How a worker's log names a select job: `select <run>: nComponents=3 restart 2/4`. */
export const describeSelectJob = (job: SelectJob): string =>
  `select ${String(job.run).slice(0, 8)}: ${Object.entries(job.setting ?? {})
    .map(([n, v]) => `${n}=${v}`)
    .join(' ')}${job.restart ? ` restart ${job.restart.index + 1}/${job.restart.of}` : ''}`;

/** JSON of `value` with its non-finite numbers as `{ nonFinite: 'NaN' | 'Infinity' | '-Infinity' }`. */
export const encodeNumbers = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v))) as T;

/** The inverse of {@link encodeNumbers}. */
export const decodeNumbers = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value), (_, v: unknown) =>
    v !== null && typeof v === 'object' && typeof (v as { nonFinite?: unknown }).nonFinite === 'string' ? Number((v as { nonFinite: string }).nonFinite) : v,
  ) as T;

class Rejected extends Error {}

const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

/** The job, checked field by field against {@link SelectJob} and {@link SELECT_REQUEST_FIELDS}; one line naming the field otherwise. */
function checkSelectJob(data: unknown): SelectJob {
  const job = data as Partial<SelectJob>;
  const fail = (what: string): never => {
    throw new Rejected(`select job: ${what}`);
  };
  if (typeof job.run !== 'string' || !isInt(job.index, 0) || typeof job.dataHash !== 'string') fail('expected run, index and dataHash');
  if (!job.setting || typeof job.setting !== 'object' || Object.values(job.setting).some((v) => typeof v !== 'string'))
    fail('setting: expected name → value text');
  if (job.restart !== undefined && !(isInt(job.restart.of, 1) && isInt(job.restart.index, 0) && job.restart.index < job.restart.of))
    fail('restart: expected { index, of } with 0 <= index < of');
  const request = job.request as Record<string, unknown> | undefined;
  if (!request || typeof request !== 'object') return fail('no request');
  for (const [name, value] of Object.entries(request)) {
    const type = (SELECT_REQUEST_FIELDS as Record<string, string>)[name];
    if (type === undefined) fail(`unknown option '${name}'`);
    const ok =
      value === undefined || (type.endsWith('[]') ? Array.isArray(value) && value.every((v) => typeof v === type.slice(0, -2)) : typeof value === type);
    if (!ok) fail(`option '${name}': expected ${type}`);
  }
  if (typeof request.model !== 'string' || typeof request.train !== 'string') fail('expected the model and the training data');
  return job as SelectJob;
}

/** A data argument of a job: a registered dataset key stays one; a file (`./…`) must lie under the data root. */
async function jobDataPath(arg: string | undefined, registry: Registry, dataRoot: string | undefined): Promise<string | undefined> {
  if (arg === undefined) return undefined;
  if (!arg.startsWith('./') && isDatasetArgument(arg)) {
    if (registry.has(arg) && registry.get(arg).kind === 'dataset') return arg;
    throw new Rejected(`unknown dataset '${arg}'`);
  }
  try {
    return await resolveUnderRoot(arg, dataRoot);
  } catch (e) {
    throw new Rejected(firstLine(e));
  }
}

/** A CLI io that keeps nothing: a worker's fits print no progress or notes (its log has one line per job). */
const QUIET: CliIO = { stdout: { write: () => true }, stderr: { write: () => true } };

/**
 * Run one {@link SelectJob} on a worker, as the local `select` fits that setting (the same checks, data loading and
 * fit, `fitOne` of the select command), with this worker's plugins and data under `dataRoot` only. A job that does
 * not check, names an unknown plugin or dataset, a file outside the data root or invalid options, or whose data hash
 * differs from the run's, is rejected; a fit that throws is failed with its one-line message. Never throws.
 */
export async function runSelectJob(data: unknown, options: { registry: Registry; backend: BackendInfo; dataRoot?: string }): Promise<SelectJobResult> {
  const ctx: CommandContext = { registry: options.registry, backend: options.backend };
  let job: SelectJob;
  let prepared: Awaited<ReturnType<typeof prepareSelect>>;
  try {
    job = checkSelectJob(data);
    const [train, test, vocab] = await Promise.all(
      [job.request.train, job.request.test, job.request.vocab].map((a) => jobDataPath(a, options.registry, options.dataRoot)),
    );
    prepared = await prepareSelect({ ...job.request, train: train!, test, vocab }, ctx, QUIET);
    const hash = `${dataHash(prepared.data.train)}${prepared.data.test ? `+${dataHash(prepared.data.test)}` : ''}`;
    const short = (h: string) => h.replace(/^sha256:/, '').slice(0, 12);
    if (hash !== job.dataHash) throw new Rejected(`the data here differ from the select run's (data hash ${short(hash)}, expected ${short(job.dataHash)})`);
  } catch (e) {
    return { status: 'rejected', error: firstLine(e) };
  }
  try {
    const { fit, objective } = await fitOne(job.setting, prepared.base, prepared.data, ctx, { ...job.request, ...prepared.engineParams }, QUIET, job.restart);
    return encodeNumbers({ status: 'done', fit, objective });
  } catch (e) {
    return { status: 'failed', error: firstLine(e) };
  }
}
