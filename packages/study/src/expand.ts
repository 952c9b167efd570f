import { createHash } from 'node:crypto';
import type { StudyMetricSpec, StudySpec } from './spec.js';

/**
 * One job of a study: plain JSON, so that it can travel through a queue (no code does). Everything a worker needs to
 * run it is here; a worker trusts none of it (see `runStudyJob`).
 */
export interface StudyJob {
  /** The study's name. */
  readonly study: string;
  /** The job's identity: a hash of its model, data, replicate, seeds and metrics; equal ids are the same job. */
  readonly id: string;
  /** Position in the study's expansion: the row order of its tables. */
  readonly index: number;
  /** The model to fit: one model of the spec at one point of its grid. */
  readonly model: {
    /** The model's label in tables and plots (the spec's `label`, else its key). */
    readonly label: string;
    /** Registry key of the model plugin, e.g. `mixture/gmm`. */
    readonly key: string;
    /** The hyperparameters: the spec's fixed `params` with this job's grid values over them (not yet validated). */
    readonly params: Readonly<Record<string, unknown>>;
    /** Registry key of the inference engine, when the spec names one (otherwise the model's first). */
    readonly engine?: string;
    /** Engine parameters as the spec gives them, validated by the registry when the job runs. */
    readonly engineParams?: Readonly<Record<string, unknown>>;
  };
  /** The data to fit it to: one dataset of the spec at one point of its grid; exactly one of `key` and `path` is set. */
  readonly data: {
    /** The dataset's label in tables and plots (the spec's `label`, else its key or path). */
    readonly label: string;
    /** Registry key of a dataset plugin, e.g. `datasets/synthetic-gmm`. */
    readonly key?: string;
    /** A data file, relative to the data root; the worker rejects a path that leaves it. */
    readonly path?: string;
    /** The dataset options: the spec's fixed `options` with this job's grid values over them. */
    readonly options: Readonly<Record<string, unknown>>;
    /** For a file: the column holding the true labels. */
    readonly labelColumn?: string;
  };
  /** Replicate number, 0 to replicates − 1: which of the spec's replicates (and explicit seeds) this job is. */
  readonly replicate: number;
  /** The fit's seed. */
  readonly seed: number;
  /** The seed given to a dataset plugin that takes a `seed` option and was given none. */
  readonly dataSeed: number;
  /** The metrics to compute after the fit, as the spec lists them (`score`: the model's own train and test scores). */
  readonly metrics: readonly (StudyMetricSpec | 'score')[];
  /** The grid values of this job (model and dataset grids), the variables of the study's tables and plots. */
  readonly vars: Readonly<Record<string, unknown>>;
}

/** JSON with object keys sorted at every depth: the one text of a value, whatever order its keys were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The seed of a job's part from the study seed and that part's identity: the first 31 bits of
 * SHA-256(`latentkit-study`, seed, canonical JSON of the identity). It depends on nothing else (not on the worker,
 * the order jobs run in or the other jobs of the study), so a job has the same seeds wherever it runs.
 * @example
 * ```ts
 * deriveSeed(0, { data: { key: 'datasets/synthetic-gmm', options: { n: 100 } }, replicate: 2 }); // an integer in [0, 2³¹)
 * ```
 */
export function deriveSeed(studySeed: number, identity: unknown): number {
  return digest(`latentkit-study\u0000${studySeed}\u0000${canonicalJson(identity)}`).readUInt32BE(0) >>> 1;
}

/** Every combination of the grid's values, in the order written (the last name varies fastest). */
function crossGrid(grid: Readonly<Record<string, readonly unknown[]>> | undefined): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(grid ?? {})) out = out.flatMap((combo) => values.map((v) => ({ ...combo, [name]: v })));
  return out;
}

/**
 * Expand a study into its jobs: models × model grid × datasets × dataset grid × replicates, in that order (the
 * replicate varies fastest; a dataset with `models` pairs only with those). With `seeds`, replicate r uses seeds[r]
 * as its data and fit seed (or its `data` and `fit` seeds); otherwise both are
 * {@link deriveSeed} of the study seed: the data seed from the dataset and the replicate (every model of a replicate
 * sees the same data), the fit seed from the model, the dataset and the replicate.
 * @example
 * ```ts
 * const jobs = expandStudy(parseStudySpec(text, 'study.yaml')); // jobs[0].seed, jobs[0].id, …
 * ```
 */
export function expandStudy(spec: StudySpec): StudyJob[] {
  const studySeed = spec.seed ?? 0;
  const replicates = spec.seeds?.length ?? spec.replicates ?? 1;
  const jobs: StudyJob[] = [];
  for (const m of spec.models) {
    for (const modelVars of crossGrid(m.grid)) {
      const model = {
        label: m.label ?? m.key,
        key: m.key,
        params: { ...m.params, ...modelVars },
        ...(m.engine !== undefined && { engine: m.engine }),
        ...(m.engineParams !== undefined && { engineParams: m.engineParams }),
      };
      for (const d of spec.datasets) {
        if (d.models && !d.models.includes(model.label)) continue;
        for (const dataVars of crossGrid(d.grid)) {
          const data = {
            label: d.label ?? d.key ?? d.path!,
            ...(d.key !== undefined && { key: d.key }),
            ...(d.path !== undefined && { path: d.path }),
            options: { ...d.options, ...dataVars },
            ...(d.labelColumn !== undefined && { labelColumn: d.labelColumn }),
          };
          const dataIdentity = { key: data.key, path: data.path, options: data.options, labelColumn: data.labelColumn };
          const modelIdentity = { key: model.key, params: model.params, engine: model.engine, engineParams: model.engineParams };
          for (let replicate = 0; replicate < replicates; replicate++) {
            const given = spec.seeds?.[replicate];
            const dataSeed = given === undefined ? deriveSeed(studySeed, { data: dataIdentity, replicate }) : typeof given === 'number' ? given : given.data;
            const seed =
              given === undefined
                ? deriveSeed(studySeed, { model: modelIdentity, data: dataIdentity, replicate })
                : typeof given === 'number'
                  ? given
                  : given.fit;
            const identity = { labels: [model.label, data.label], model: modelIdentity, data: dataIdentity, replicate, seed, dataSeed, metrics: spec.metrics };
            jobs.push({
              study: spec.name,
              id: digest(canonicalJson(identity)).toString('hex').slice(0, 16),
              index: jobs.length,
              model,
              data,
              replicate,
              seed,
              dataSeed,
              metrics: spec.metrics,
              vars: { ...modelVars, ...dataVars },
            });
          }
        }
      }
    }
  }
  return jobs;
}
