import { fitCommand } from './commands/fit.js';
import { addStreamOption } from './options/stream.js';
import { listCommand } from './commands/list.js';
import { listPluginCommand } from './commands/list-plugin.js';
import { MAIN_OUT_DIR, mainCommand } from './commands/main.js';
import { metricCommand } from './commands/metric.js';
import { reportCommand, splitDataArguments } from './commands/report.js';
import { sampleCommand } from './commands/sample.js';
import { scoreCommand } from './commands/score.js';
import { parseKRange, selectCommand } from './commands/select.js';
import { studyCommand } from './commands/study.js';
import { transformCommand } from './commands/transform.js';
import { workerCommand } from './commands/worker.js';
import type { CommonOptions } from './context.js';
import { datasetOptionsHelp } from './dataset-help.js';
import type { CliIO } from './io.js';
import {
  asArgParser,
  collect,
  columnOptions,
  columnsOption,
  datasetOptions,
  engineOption,
  FEATURE_COLUMNS,
  jsonOption,
  MODEL_COLUMNS,
  seedOption,
  setOption,
  testOption,
  type OptionGroup,
} from './options/common.js';
import { addDataFormatOptions, type DataFormatOptions } from './options/data-format.js';
import { checkpointArgs, checkpointOptions } from './options/checkpoint.js';
import { groupOption, groupValueOptions } from './options/group.js';
import { engineParamOptions, type EngineParamOptions } from './options/engine-params.js';
import { addMissingOption } from './options/missing.js';
import { addVocabOption, type VocabOptions } from './options/vocab.js';
import { dataRootOption, queueNameOption, shardsOptions, workerOptions } from './options/queue.js';
import { parseCount } from './parse-options.js';

/** What every action receives besides its own options: `--plugin`, the signal, how data files are read, `--vocab`, `--engine-set`/`--estimator-set`. */
export type CommonArgs = CommonOptions & DataFormatOptions & VocabOptions & EngineParamOptions;

/** One subcommand of `latentkit`: its help, its option groups (added in order) and what it runs. */
export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  /** Positional arguments, `<name>` (required) or `[name]`, with their help. */
  readonly arguments: readonly (readonly [name: string, description: string])[];
  /** Text shown after the options in `--help`, in order (before that of the option groups). */
  readonly help?: readonly string[];
  readonly options: readonly OptionGroup[];
  /** Runs the command with its positional arguments, its parsed options and the {@link CommonArgs}. */
  readonly action: (args: readonly string[], o: Record<string, any>, common: CommonArgs, io: CliIO) => Promise<unknown>;
}

const DATASET_HELP = datasetOptionsHelp();
const MODEL_FILE = ['<model-file>', 'model file written by fit --out'] as const;
const DATA_FILE = ['<file>', 'data with the columns the model was trained on: a file or a dataset key'] as const;
const MODEL_KEY = ['<model-key>', "registry key of the model, e.g. 'mixture/gmm'"] as const;

/** The options of every command that reads data: `--missing`, then `--no-header` and `--delimiter` with their help. */
const READS_DATA: readonly OptionGroup[] = [addMissingOption, addDataFormatOptions];

/** The options of a data-reading command, as its command options expect them. */
const dataArgs = (o: Record<string, any>) => ({ dataOptions: o.data, columns: o.columns, label: o.label, group: o.group, missing: o.missing });

/** `--background-value` and `--target-value` of the commands that fit. */
const groupValueArgs = (o: Record<string, any>) => ({ backgroundValue: o.backgroundValue, targetValue: o.targetValue });

/** The subcommands of `latentkit`, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'list',
    description: "list the registered models, inference engines, metrics and datasets, or one plugin's parameters",
    arguments: [['[key]', "show one plugin's description and parameters, e.g. 'mixture/gmm'"]],
    options: [jsonOption()],
    action: ([key], o, common, io) => (key ? listPluginCommand({ ...common, key, json: o.json }, io) : listCommand({ ...common, json: o.json }, io)),
  },
  {
    name: 'fit',
    description: 'fit a model to a data file or a registered dataset',
    arguments: [
      MODEL_KEY,
      [
        '[train-file]',
        "training data: a file (.csv, .tsv, .mtx, .json, .h5ad) or a registered dataset key such as 'datasets/mnist'; a split column (or the dataset's split) selects the train and test rows (none with --shards)",
      ],
    ],
    help: [DATASET_HELP, "\nThe model's hyperparameters (--set name=value), with types, defaults and allowed values: latentkit list <model-key>"],
    options: [
      testOption,
      datasetOptions('pass an option to the dataset plugin of a dataset key, e.g. binarize=0.5 (repeatable)'),
      setOption(),
      seedOption(),
      (cmd) => cmd.option('--out <model.json>', 'write the fitted model (atomically)'),
      jsonOption('print one JSON line with the results'),
      columnOptions(FEATURE_COLUMNS),
      groupOption,
      groupValueOptions,
      engineOption,
      engineParamOptions,
      checkpointOptions,
      ...READS_DATA,
      addVocabOption,
      addStreamOption,
      shardsOptions,
    ],
    action: ([model, train], o, common, io) =>
      fitCommand(
        {
          shards: o.shards,
          shardTimeout: o.shardTimeout,
          queue: o.queue,
          ...common,
          ...dataArgs(o),
          ...groupValueArgs(o),
          ...checkpointArgs(o),
          model,
          train: train ?? '',
          test: o.test,
          set: o.set,
          seed: o.seed,
          out: o.out,
          json: o.json,
          engine: o.engine,
          stream: o.stream,
        },
        io,
      ),
  },
  {
    name: 'score',
    description: "print a saved model's scores on a data file or a registered dataset",
    arguments: [MODEL_FILE, DATA_FILE],
    help: [DATASET_HELP],
    options: [datasetOptions(), jsonOption(), columnOptions(MODEL_COLUMNS), groupOption, ...READS_DATA, addVocabOption],
    action: ([modelFile, file], o, common, io) => scoreCommand({ ...common, ...dataArgs(o), modelFile, file, json: o.json }, io),
  },
  {
    name: 'transform',
    description: 'write the posterior summary of every row as CSV',
    arguments: [MODEL_FILE, DATA_FILE],
    help: [DATASET_HELP],
    options: [
      (cmd) => cmd.option('--out <latents.csv>', 'CSV file to write (atomically; default: stdout)'),
      (cmd) =>
        cmd.option(
          '--layer <d>',
          'latent layer to summarise, 1 (nearest the data) to the number of layers of the model, e.g. of a Deep Discrete Encoder (default 1)',
          asArgParser((t) => parseCount('--layer', t, 1)),
        ),
      datasetOptions(),
      columnOptions(MODEL_COLUMNS),
      groupOption,
      ...READS_DATA,
      addVocabOption,
    ],
    action: ([modelFile, file], o, common, io) => transformCommand({ ...common, ...dataArgs(o), modelFile, file, out: o.out, layer: o.layer }, io),
  },
  {
    name: 'sample',
    description: 'draw rows from a fitted model and write them as CSV',
    arguments: [MODEL_FILE],
    options: [
      (cmd) =>
        cmd.requiredOption(
          '-n, --n <count>',
          'number of rows',
          asArgParser((t) => parseCount('-n', t, 1)),
        ),
      (cmd) => cmd.option('--out <file>', 'CSV file to write (atomically; default: stdout)'),
      seedOption(),
    ],
    action: ([modelFile], o, common, io) => sampleCommand({ ...common, modelFile, n: o.n, out: o.out, seed: o.seed }, io),
  },
  {
    name: 'report',
    description: 'write a self-contained HTML report of a fitted model',
    arguments: [MODEL_FILE],
    help: [DATASET_HELP],
    options: [
      (cmd) => cmd.requiredOption('--out <report.html>', 'HTML file to write (atomically)'),
      (cmd) =>
        cmd.option(
          '--data <file|key|name=value>',
          'data for the data plots, a file or a dataset key, and name=value options of its dataset plugin (repeatable; default: the training data recorded in the model)',
          collect,
        ),
      columnOptions({ columns: 'columns of --data to use', label: 'column of --data holding class labels' }),
      groupOption,
      ...READS_DATA,
      addVocabOption,
    ],
    action: ([modelFile], o, common, io) =>
      reportCommand(
        { ...common, modelFile, out: o.out, ...splitDataArguments(o.data), columns: o.columns, label: o.label, group: o.group, missing: o.missing },
        io,
      ),
  },
  {
    name: 'select',
    description: 'fit a model for each number of components (or each setting of a grid of hyperparameters) and report BIC, AIC and its other criteria',
    arguments: [MODEL_KEY, ['<train-file>', "training data, a file or a dataset key; a split column (or the dataset's split) selects the train and test rows"]],
    help: [
      DATASET_HELP,
      [
        '\nSettings: every combination of the --k values (of --param) and of each --grid name=value1;value2;... (values',
        'separated by ; so that a value may be a list). --criterion is bic, aic or any criterion the model reports (e.g. a',
        "Deep Discrete Encoder's ebic); the setting with the lowest value is marked.",
        '  latentkit select mixture/gmm data.csv --k 1..8',
        "  latentkit select dde/dde data.csv --grid 'layers=[6,2];[5,2];[4,2]' --grid 'lambda=1;2' --criterion ebic",
        '\nWith --queue, one job per setting and restart goes to `latentkit worker`s (data files as paths under the folder',
        'select runs in, which workers read under their --data-root); the table is the local one.',
        '  latentkit select mixture/gmm data.csv --k 1..8 --set nInit=5 --queue redis://127.0.0.1:6379',
      ].join('\n'),
    ],
    options: [
      (cmd) =>
        cmd
          .option('--k <range>', 'values of --param to fit: a..b, a,b,c or one integer', asArgParser(parseKRange))
          .option('--param <name>', 'the hyperparameter that takes each --k value', 'nComponents')
          .option('--grid <name=v1;v2;...>', 'another hyperparameter to vary and its values, separated by ; (repeatable)', collect)
          .option('--criterion <name>', 'bic, aic or a criterion the model reports (e.g. ebic): the lowest picks the setting', 'bic'),
      testOption,
      datasetOptions(),
      setOption('set another hyperparameter (repeatable)'),
      seedOption('random seed of every fit'),
      jsonOption('print one JSON line with the rows and the chosen K'),
      (cmd) =>
        cmd
          .option('--out <table.csv>', 'write the table as CSV, with an error column for failed fits (atomically)')
          .option('--queue <url>', 'fit on BullMQ workers, one job per setting and restart: Redis at redis://host:port[/db] or rediss://…'),
      queueNameOption,
      columnOptions(FEATURE_COLUMNS),
      groupOption,
      groupValueOptions,
      engineOption,
      engineParamOptions,
      ...READS_DATA,
    ],
    action: ([model, train], o, common, io) =>
      selectCommand(
        {
          ...common,
          ...dataArgs(o),
          ...groupValueArgs(o),
          model,
          train,
          k: o.k,
          criterion: o.criterion,
          param: o.param,
          grid: o.grid,
          test: o.test,
          set: o.set,
          seed: o.seed,
          json: o.json,
          engine: o.engine,
          out: o.out,
          queue: o.queue,
          queueName: o.queueName,
        },
        io,
      ),
  },
  {
    name: 'metric',
    description: 'compute a metric (MCC, MIG, SAP, DCI, ARI, NMI, ...) of estimated against true matrices',
    arguments: [['<metric>', "metric id or key, e.g. 'mig' or 'metrics/mig'"]],
    options: [
      (cmd) =>
        cmd
          .requiredOption('--true <file>', 'reference matrix: true factors, labels, counts, relevance or loadings')
          .requiredOption('--pred <file>', 'estimated matrix: codes, scores, probabilities, topic-word weights or loadings'),
      setOption('set a metric parameter (repeatable)'),
      jsonOption('print one JSON line {metric, value, parts, settings}'),
      columnsOption('columns to use from both files'),
      columnsOption('columns to use from --true', '--true-columns'),
      columnsOption('columns to use from --pred', '--pred-columns'),
    ],
    action: ([metric], o, common, io) =>
      metricCommand(
        {
          ...common,
          metric,
          truth: o.true,
          pred: o.pred,
          set: o.set,
          json: o.json,
          columns: o.columns,
          trueColumns: o.trueColumns,
          predColumns: o.predColumns,
        },
        io,
      ),
  },
  {
    name: 'study',
    description: 'run a study spec (models × grids × datasets × replicates, metrics against the truth) here or on a BullMQ queue',
    arguments: [['<spec>', 'the study spec, JSON or YAML']],
    help: [
      [
        '\nResults go to --out: results.jsonl (one line per finished job), results.csv, results.json and report.html (each',
        "metric against the study's x variable, with error bars). Rerunning skips finished jobs; Ctrl-C keeps them.",
        '  latentkit study gmm.yaml --out gmm-results',
        '  latentkit study gmm.yaml --queue redis://127.0.0.1:6379   # jobs for `latentkit worker`s',
        '  latentkit study gmm.yaml --queue redis://127.0.0.1:6379 --cancel',
      ].join('\n'),
    ],
    options: [
      (cmd) =>
        cmd
          .option('--out <dir>', 'output folder (default: <study name>-results)')
          .option('--queue <url>', 'run on BullMQ workers: Redis at redis://host:port[/db] or rediss://[user:password@]host:port[/db]')
          .option('--cancel', "remove the study's jobs from the queue (--queue)")
          .option('--retry-failed', 'run the jobs that failed again'),
      dataRootOption("folder the spec's data paths are relative to and must lie under (default: the spec's folder; local runs)"),
      queueNameOption,
      jsonOption('print one JSON line with the counts'),
    ],
    action: ([spec], o, common, io) =>
      studyCommand(
        {
          ...common,
          spec,
          out: o.out,
          dataRoot: o.dataRoot,
          queue: o.queue,
          queueName: o.queueName,
          cancel: o.cancel,
          retryFailed: o.retryFailed,
          json: o.json,
        },
        io,
      ),
  },
  {
    name: 'worker',
    description:
      'run study and select jobs, or serve one shard of sharded fits (--shard), from BullMQ queues (Redis) until Ctrl-C: registered plugins and data under --data-root only',
    arguments: [],
    options: [workerOptions, dataRootOption('folder data files of jobs must lie under (without it, jobs with data files are rejected)'), queueNameOption],
    action: (_args, o, common, io) =>
      workerCommand(
        {
          ...common,
          queue: o.queue,
          queueName: o.queueName,
          concurrency: o.concurrency,
          dataRoot: o.dataRoot,
          lockDuration: o.lockDuration,
          stalledInterval: o.stalledInterval,
          shard: o.shard,
        },
        io,
      ),
  },
  {
    name: 'main',
    description: 'fit the built-in models on bundled real data and write one HTML report',
    arguments: [],
    options: [(cmd) => cmd.option('--out <dir>', 'output directory', MAIN_OUT_DIR)],
    action: (_args, o, common, io) => mainCommand({ ...common, out: o.out }, io),
  },
];
