import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

/** A model of a study: a registry key, fixed hyperparameters, and a grid of hyperparameter values to cross. */
export interface StudyModelSpec {
  /** Registry key of a model plugin, e.g. `mixture/gmm`. */
  readonly key: string;
  /** How tables and plots name it (default: the key). */
  readonly label?: string;
  /** Hyperparameters common to every job of this model; validated by the registry when a job runs. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Hyperparameters to cross: every combination of the listed values becomes jobs. */
  readonly grid?: Readonly<Record<string, readonly unknown[]>>;
  /** Inference engine (default: the model's first). */
  readonly engine?: string;
  /** Engine parameters, validated by the registry. */
  readonly engineParams?: Readonly<Record<string, unknown>>;
}

/** A dataset of a study: a registered dataset key with options, or a file under the data root. */
export interface StudyDatasetSpec {
  /** Registry key of a dataset plugin, e.g. `datasets/synthetic-gmm`. */
  readonly key?: string;
  /** A data file, relative to the data root (`--data-root`); a path outside it is rejected. */
  readonly path?: string;
  /** How tables and plots name it (default: the key or path). */
  readonly label?: string;
  /** Dataset options (for a key, validated by the registry against the plugin's `params`). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Dataset options to cross, e.g. `{ n: [100, 200, 400] }`. */
  readonly grid?: Readonly<Record<string, readonly unknown[]>>;
  /** For a file: the column holding the true labels. */
  readonly labelColumn?: string;
  /** Fit only these models (by label) to this dataset (default: every model), e.g. a model's likelihood matching the data's. */
  readonly models?: readonly string[];
}

/** The seeds of one replicate: one for both the data and the fit, or each its own. */
export type ReplicateSeed =
  | number
  | {
      /** Seed of the data (given to a dataset plugin that takes a `seed` option), an integer in [0, 2³¹). */
      readonly data: number;
      /** Seed of the fit, an integer in [0, 2³¹). */
      readonly fit: number;
    };

/** A metric of a registered metric plugin computed on every fit, between a truth and a prediction. */
export interface StudyMetricSpec {
  /** Metric id (`ari`) or registry key (`metrics/ari`). */
  readonly metric: string;
  /** Column name in the results (default: the metric id, with the layer when given). */
  readonly name?: string;
  /** The reference: the data's labels (one column) or its true factors. */
  readonly truth: 'labels' | 'factors';
  /** The estimate: `predict` (hard assignments, one column) or `transform` (latent summaries). */
  readonly pred: 'predict' | 'transform';
  /** Latent layer of `transform` (layered models), 1 nearest the data. */
  readonly layer?: number;
  /** Columns of the truth to keep (default: all); `name*` keeps every column starting with `name`. */
  readonly truthColumns?: readonly string[];
  /** Columns of the prediction to keep (default: all); `name*` keeps every column starting with `name`. */
  readonly predColumns?: readonly string[];
  /** Rows of these groups only (the data's row groups, e.g. `[target]`; default: every row). */
  readonly groups?: readonly string[];
  /** Metric parameters, validated by the registry. */
  readonly params?: Readonly<Record<string, unknown>>;
}

/**
 * A study: models × their grids × datasets × their grids × replicates, each combination one job, and the metrics
 * every job computes. `score` among the metrics adds the model's own scores on the training and test rows.
 */
export interface StudySpec {
  /** The study's name, kebab-case: it names its jobs on a queue and its report. */
  readonly name: string;
  /** Free text about the study, for people; nothing reads it. */
  readonly description?: string;
  /** The study seed, from which every job's seeds are derived (default 0). */
  readonly seed?: number;
  /** Number of replicates (default 1); replicate r's data and fit seeds are derived from the seed. */
  readonly replicates?: number;
  /** Explicit seeds, one per replicate (instead of `replicates`): a number is both the data seed and the fit seed. */
  readonly seeds?: readonly ReplicateSeed[];
  /** The models to fit, at least one; labels must be unique, since datasets and tables refer to models by label. */
  readonly models: readonly StudyModelSpec[];
  /** The datasets to fit them to, at least one. */
  readonly datasets: readonly StudyDatasetSpec[];
  /** The metrics every job computes, at least one; `score` adds the model's own scores on training and test rows. */
  readonly metrics: readonly (StudyMetricSpec | 'score')[];
  /** The report's plots. */
  readonly plot?: {
    /** The variable on the x axis: a grid name, or `model` (default: the first grid name with several values). */
    readonly x?: string;
  };
}

/** A study spec that is not valid: one line naming the file, line and column, and what was expected. */
export class StudySpecError extends Error {
  /**
   * An error named `StudySpecError`.
   * @param message - The one line: `file:line:column: /field: what was expected`.
   */
  constructor(message: string) {
    super(message);
    this.name = 'StudySpecError';
  }
}

const record = { type: 'object' } as const;
const grid = { type: 'object', additionalProperties: { type: 'array', minItems: 1 } } as const;
const nonEmpty = { type: 'string', minLength: 1 } as const;
const seedValue = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;

/** The schema as a literal: ajv compiles this one. */
const studySpecSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'models', 'datasets', 'metrics'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    description: { type: 'string' },
    seed: seedValue,
    replicates: { type: 'integer', minimum: 1 },
    seeds: {
      type: 'array',
      minItems: 1,
      items: {
        oneOf: [seedValue, { type: 'object', additionalProperties: false, required: ['data', 'fit'], properties: { data: seedValue, fit: seedValue } }],
      },
    },
    models: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key'],
        properties: { key: nonEmpty, label: nonEmpty, params: record, grid, engine: nonEmpty, engineParams: record },
      },
    },
    datasets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        oneOf: [{ required: ['key'] }, { required: ['path'] }],
        properties: {
          key: nonEmpty,
          path: nonEmpty,
          label: nonEmpty,
          options: record,
          grid,
          labelColumn: nonEmpty,
          models: { type: 'array', minItems: 1, items: nonEmpty },
        },
      },
    },
    metrics: {
      type: 'array',
      minItems: 1,
      items: {
        oneOf: [
          { const: 'score' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['metric', 'truth', 'pred'],
            properties: {
              metric: nonEmpty,
              name: nonEmpty,
              truth: { enum: ['labels', 'factors'] },
              pred: { enum: ['predict', 'transform'] },
              layer: { type: 'integer', minimum: 1 },
              truthColumns: { type: 'array', items: nonEmpty },
              predColumns: { type: 'array', items: nonEmpty },
              groups: { type: 'array', minItems: 1, items: nonEmpty },
              params: record,
            },
          },
        ],
      },
    },
    plot: { type: 'object', additionalProperties: false, properties: { x: nonEmpty } },
  },
} as const;

/**
 * The JSON Schema (draft-07, as ajv reads it) of a {@link StudySpec}: what {@link parseStudySpec} validates a spec
 * against, e.g. for an editor's completion of `study.yaml`. Typed as a plain record so the reference does not list
 * the schema's structure keyword by keyword; the interfaces {@link StudySpec}, {@link StudyModelSpec},
 * {@link StudyDatasetSpec} and {@link StudyMetricSpec} document the fields it allows.
 */
export const STUDY_SPEC_SCHEMA: Readonly<Record<string, unknown>> = studySpecSchema;

const validate = new Ajv({ allErrors: false, strict: false }).compile(studySpecSchema);

/** What ajv's first error says, as `what was expected`. */
function expected(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `unknown field '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  if (e.keyword === 'oneOf' && e.instancePath.startsWith('/datasets/')) return 'expected exactly one of key or path';
  if (e.keyword === 'oneOf' && e.instancePath.startsWith('/seeds/')) return 'expected a seed (an integer in [0, 2³¹)) or { data, fit }';
  if (e.keyword === 'oneOf') return "expected 'score' or { metric, truth, pred }";
  if (e.keyword === 'enum') return `expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  if (e.keyword === 'pattern' && e.instancePath === '/name') return 'expected a kebab-case name (a-z, 0-9, -)';
  return `expected it to ${e.message ?? 'be valid'}`;
}

/** The error to show: the deepest one (a `oneOf` of its path rather than the branch that happened to be tried first). */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const deepest = Math.max(...errors.map(depth));
  const at = errors.filter((e) => depth(e) === deepest);
  return at.find((e) => e.keyword === 'oneOf') ?? at[0];
}

/**
 * `file:line:column` of the node at a JSON pointer of a YAML/JSON document (of the key `field` in it, when given),
 * or of its nearest ancestor that has a position.
 */
function position(file: string, doc: Document, counter: LineCounter, pointer: string, field?: string): string {
  const path = pointer
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  for (let n = path.length; n >= 0; n--) {
    let node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (field !== undefined && n === path.length && isMap(node)) node = node.items.find((pair) => isScalar(pair.key) && pair.key.value === field)?.key ?? node;
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) {
      const { line, col } = counter.linePos(range[0]);
      return `${file}:${line}:${col}`;
    }
  }
  return file;
}

/**
 * Parse and validate a study spec from its text (YAML, of which JSON is a subset).
 * @param text - The spec's text.
 * @param file - The file it came from, named in errors.
 * @throws {@link StudySpecError} of one line naming `file:line:column`, the field and what was expected, e.g.
 * `study.yaml:4:5: /models/0: unknown field 'paramz'`.
 * @example
 * ```ts
 * const spec = parseStudySpec('name: gmm\nmodels: [{ key: mixture/gmm }]\ndatasets: [{ key: datasets/synthetic-gmm }]\nmetrics: [score]\n', 'study.yaml');
 * ```
 */
export function parseStudySpec(text: string, file: string): StudySpec {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = counter.linePos(syntax.pos[0]);
    throw new StudySpecError(`${file}:${line}:${col}: ${syntax.message.split('\n')[0]}`);
  }
  if (!isMap(doc.contents)) throw new StudySpecError(`${file}: a study spec is a mapping with name, models, datasets and metrics`);
  const value: unknown = doc.toJS();
  if (!validate(value)) {
    const e = mostSpecific(validate.errors!);
    const field = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    const at = e.keyword === 'required' ? `${field === '/' ? '' : field}/${(e.params as { missingProperty: string }).missingProperty}` : field;
    const what = e.keyword === 'required' ? 'missing' : expected(e);
    throw new StudySpecError(`${position(file, doc, counter, e.instancePath, extra)}: ${at}: ${what}`);
  }
  const spec = value as unknown as StudySpec;
  if (spec.seeds && spec.replicates !== undefined && spec.replicates !== spec.seeds.length) {
    throw new StudySpecError(`${position(file, doc, counter, '/replicates')}: /replicates: ${spec.replicates} disagrees with the ${spec.seeds.length} seeds`);
  }
  const labels = new Set(spec.models.map((m) => m.label ?? m.key));
  spec.datasets.forEach((d, i) => {
    const unknown = d.models?.find((m) => !labels.has(m));
    if (unknown !== undefined)
      throw new StudySpecError(
        `${position(file, doc, counter, `/datasets/${i}/models`)}: /datasets/${i}/models: no model is labelled '${unknown}'; the models are ${[...labels].join(', ')}`,
      );
  });
  return spec;
}
