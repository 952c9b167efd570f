import type { CheckpointOptions, Fitted } from '@latentkit/registry';
import { createContext, type CommonOptions } from '../context.js';
import { iterationsText } from '../convergence.js';
import { isDatasetArgument } from '../dataset-source.js';
import { throwIfCancelled, UsageError } from '../errors.js';
import { fitModel, requireEngine, requireModelKey, type FitSummary } from '../fit-model.js';
import type { CliIO } from '../io.js';
import { loadTrainTest, type ColumnOptions } from '../load-data.js';
import { checkOutFile } from '../out-path.js';
import { resolveVocabulary, withVocabulary, type VocabOptions } from '../options/vocab.js';
import { fitEngineParams, type EngineParamOptions } from '../options/engine-params.js';
import { fitMissingRule, loadUnderRule } from '../missing-values.js';
import { parseSetOptions } from '../parse-options.js';
import { applyGroupValues, backgroundOf, requireGroupOption, withBackgroundValue, type GroupValueOptions } from '../row-groups.js';
import { formatScore } from '../text-table.js';
import { fitShardsCommand } from './fit-shards.js';
import { fitStreamCommand } from './fit-stream.js';

/** Options of `latentkit fit`. */
export interface FitCommandOptions extends CommonOptions, ColumnOptions, VocabOptions, EngineParamOptions, GroupValueOptions {
  /** Registry key, e.g. `mixture/gmm`. */
  readonly model: string;
  /** Training data: a file, or a registered dataset key such as `datasets/iris` (options in `dataOptions`). */
  readonly train: string;
  /** Test data: a file or a dataset key. */
  readonly test?: string;
  /** `name=value` hyperparameters (`--set`, repeatable). */
  readonly set?: readonly string[];
  readonly seed?: number;
  /** Model file to write (atomically). */
  readonly out?: string;
  readonly json?: boolean;
  /** Inference engine key (default: the model's first). */
  readonly engine?: string;
  /** `--stream`: read the training file in blocks, once per pass ({@link fitStreamCommand}). */
  readonly stream?: boolean;
  /** Write checkpoints of the fit (`--checkpoint`, `--checkpoint-every`). */
  readonly checkpoint?: CheckpointOptions;
  /** Continue from a checkpoint file (`--resume`). */
  readonly resumeFrom?: string;
  /** `--shards a,b,c`: fit over the rows of shard workers ({@link fitShardsCommand}); `train` is then ''. */
  readonly shards?: readonly string[];
  /** `--queue`: the Redis of the shard workers. */
  readonly queue?: string;
  /** `--shard-timeout <seconds>`: how long a sharded fit waits for a shard no worker serves. */
  readonly shardTimeout?: number;
}

/**
 * `latentkit fit <model-key> <train-file | dataset-key>`: load the data (a file, or a registered dataset such as
 * `datasets/mnist` with `--data name=value` options; a `split` column or the dataset's split splits it unless `--test` is given),
 * fit with progress on stderr, write `--out` atomically, and print a summary (with `--json`, one JSON line).
 */
export async function fitCommand(options: FitCommandOptions, io: CliIO): Promise<FitSummary> {
  if (options.shards !== undefined) {
    if (options.queue === undefined) throw new UsageError('--shards needs --queue <url>, the Redis of the shard workers');
    return fitShardsCommand({ ...options, shards: options.shards, queue: options.queue }, io);
  }
  if (options.queue !== undefined)
    throw new UsageError('fit --queue goes with --shards (the Redis of the shard workers); to fit on a queue, run a study (latentkit study --queue)');
  if (options.train === '') throw new UsageError("missing required argument 'train-file'");
  if (options.stream) return fitStreamCommand(options, io);
  const ctx = await createContext(options, io);
  requireModelKey(ctx.registry, options.model);
  requireEngine(ctx.registry, options.model, options.engine);
  const params = withBackgroundValue(ctx.registry, options.model, parseSetOptions(options.set), options.backgroundValue);
  const validated = ctx.registry.validate(options.model, params, { coerce: true });
  const rule = fitMissingRule(ctx.registry, options.model, validated, options.missing);
  requireGroupOption(ctx.registry, options.model, options.group, options.train);
  const engineParams = fitEngineParams(ctx.registry, options.model, validated, options.engine, options);
  if (options.out) await checkOutFile(options.out);
  if (options.checkpoint) await checkOutFile(options.checkpoint.path, '--checkpoint');
  const vocabulary = resolveVocabulary(options.train, options, io);
  const testVocabulary = options.test === undefined ? vocabulary : (resolveVocabulary(options.test, {}, io) ?? vocabulary);
  const all = await loadUnderRule(rule, (missing) => loadTrainTest(options.train, options.test, { ...options, missing, registry: ctx.registry }));
  const loaded = applyGroupValues(all, backgroundOf(ctx.registry, options.model, validated), options, io);
  const data = {
    ...loaded,
    train: await withVocabulary(loaded.train, vocabulary, options.train),
    test: await withVocabulary(loaded.test, testVocabulary, options.test ?? options.train),
  };
  throwIfCancelled(options.signal);
  if (data.note) io.stderr.write(`note: ${data.note}\n`);
  const { fitted, summary } = await fitModel({
    ...ctx,
    key: options.model,
    params,
    train: data.train,
    test: data.test,
    seed: options.seed,
    engine: options.engine,
    ...engineParams,
    checkpoint: options.checkpoint,
    resumeFrom: options.resumeFrom,
    ...(options.threads ? { threads: options.threads } : {}),
    signal: options.signal,
    label: `${options.model} on ${data.name}`,
    io,
    bar: Boolean(io.stderr.isTTY) && !options.json,
    ...(options.out && { out: { path: options.out, ...(!isDatasetArgument(options.train) && { dataFile: options.train }) } }),
  });
  let topics: string[];
  try {
    topics = topWordLines(fitted);
  } finally {
    fitted.dispose();
  }
  if (options.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else io.stdout.write(renderFit(summary, data.name, options, topics));
  return summary;
}

/** How many top words per topic `fit` prints for a topic model. */
const TOP_WORDS = 8;

/**
 * `topic k: w1 w2 ...` from the fitted model's declared top-terms view (LDA's top words per topic), the first
 * {@link TOP_WORDS} terms of each group; nothing for a model without one.
 */
function topWordLines(fitted: Fitted): string[] {
  const view = fitted.views?.().find((v) => v.kind === 'top-terms');
  if (view?.kind !== 'top-terms') return [];
  const line = (terms: readonly { term: string }[]): string =>
    terms
      .slice(0, TOP_WORDS)
      .map((t) => t.term)
      .join(' ');
  return view.groups.map((g, k) => `  topic ${k + 1}: ${line(g.terms)}`);
}

function renderFit(s: FitSummary, name: string, o: FitCommandOptions, topics: readonly string[]): string {
  const lines = [
    `${s.model} fitted to ${name} (${s.n} rows x ${s.d} columns) on ${s.backend} in ${s.seconds.toFixed(2)} s`,
    `  iterations: ${iterationsText(s)}`,
    ...Object.entries(s.train).map(([name, v]) => `  train ${name}: ${formatScore(v)}`),
    ...Object.entries(s.test ?? {}).map(([name, v]) => `  test ${name}: ${formatScore(v)}`),
    ...(topics.length ? [`  top ${TOP_WORDS} words per topic:`, ...topics.map((l) => `  ${l}`)] : []),
    ...(o.out ? [`  model written to ${o.out}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
