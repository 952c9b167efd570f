import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { fitCommand } from './commands/fit.js';
import { listCommand } from './commands/list.js';
import { listPluginCommand } from './commands/list-plugin.js';
import { MAIN_OUT_DIR, mainCommand } from './commands/main.js';
import { metricCommand } from './commands/metric.js';
import { reportCommand, splitDataArguments } from './commands/report.js';
import { sampleCommand } from './commands/sample.js';
import { scoreCommand } from './commands/score.js';
import { parseKRange, selectCommand } from './commands/select.js';
import { transformCommand } from './commands/transform.js';
import { CancelledError, exitCodeFor, formatDebugError, formatError } from './errors.js';
import { datasetOptionsHelp } from './dataset-help.js';
import type { CliIO } from './io.js';
import { addDataFormatOptions, dataFormatOptions } from './options/data-format.js';
import { addVocabOptions, vocabOption } from './options/vocab.js';
import { addEngineParamOptions, engineParamOption } from './options/engine-params.js';
import { missingOption } from './options/missing.js';
import { parseColumnList, parseCount } from './parse-options.js';
import { VERSION } from './version.js';

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Fires on Ctrl-C: a running fit stops, nothing is written, and the exit status is 130. */
  readonly signal?: AbortSignal;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const asArgParser =
  <T>(parse: (text: string) => T) =>
  (text: string): T => {
    try {
      return parse(text);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };

const datasetHelp = datasetOptionsHelp();
const seedOption = asArgParser((t) => parseCount('--seed', t));
const columnsOption = asArgParser(parseColumnList);

/** Build the `latentkit` command line; actions write to `io` and receive `signal`. */
export function createProgram(io: CliIO, options: RunCliOptions = {}): Command {
  const program = new Command('latentkit');
  program
    .description('Fit, score, transform, sample and report identifiable latent-variable models.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces on errors')
    .option('--plugin <module>', 'load plugins from a module, resolved from the current directory (repeatable)', collect)
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined });

  const common = (cmd: Command) => {
    const o = cmd.optsWithGlobals() as { plugin?: string[] };
    return { plugin: o.plugin ?? [], signal: options.signal, ...dataFormatOptions(cmd, io), ...vocabOption(cmd), ...engineParamOption(cmd) };
  };

  program
    .command('list')
    .description("list the registered models, inference engines, metrics and datasets, or one plugin's parameters")
    .argument('[key]', "show one plugin's description and parameters, e.g. 'mixture/gmm'")
    .option('--json', 'print one JSON line')
    .action(async (key: string | undefined, o: { json?: boolean }, cmd: Command) => {
      await (key ? listPluginCommand({ ...common(cmd), key, json: o.json }, io) : listCommand({ ...common(cmd), json: o.json }, io));
    });

  program
    .command('fit')
    .addHelpText('after', datasetHelp)
    .addHelpText('after', "\nThe model's hyperparameters (--set name=value), with types, defaults and allowed values: latentkit list <model-key>")
    .description('fit a model to a data file or a registered dataset')
    .argument('<model-key>', "registry key of the model, e.g. 'mixture/gmm'")
    .argument(
      '<train-file>',
      "training data: a file (.csv, .tsv, .mtx, .json) or a registered dataset key such as 'datasets/mnist'; a split column (or the dataset's split) selects the train and test rows",
    )
    .option('--test <file>', 'test data to score, a file or a dataset key (default: the test rows of the split)')
    .option('--data <name=value>', 'pass an option to the dataset plugin of a dataset key, e.g. binarize=0.5 (repeatable)', collect)
    .option('--set <name=value>', 'set a hyperparameter (repeatable)', collect)
    .option('--seed <n>', 'random seed', seedOption, 0)
    .option('--out <model.json>', 'write the fitted model (atomically)')
    .option('--json', 'print one JSON line with the results')
    .option('--columns <a,b,...>', 'feature columns to use', columnsOption)
    .option('--label <column>', 'column holding class labels (not a feature)')
    .option('--engine <key>', "inference engine (default: the model's first)")
    .addOption(missingOption())
    .action(async (model: string, train: string, o: Record<string, any>, cmd: Command) => {
      await fitCommand(
        {
          ...common(cmd),
          model,
          train,
          test: o.test,
          dataOptions: o.data,
          set: o.set,
          seed: o.seed,
          out: o.out,
          json: o.json,
          columns: o.columns,
          label: o.label,
          engine: o.engine,
          missing: o.missing,
        },
        io,
      );
    });

  program
    .command('score')
    .addHelpText('after', datasetHelp)
    .description("print a saved model's scores on a data file or a registered dataset")
    .argument('<model-file>', 'model file written by fit --out')
    .argument('<file>', 'data with the columns the model was trained on: a file or a dataset key')
    .option('--data <name=value>', 'pass an option to the dataset plugin of a dataset key (repeatable)', collect)
    .option('--json', 'print one JSON line')
    .option('--columns <a,b,...>', "columns to use, matched to the model's by position", columnsOption)
    .option('--label <column>', 'column holding class labels (not a feature)')
    .addOption(missingOption())
    .action(async (modelFile: string, file: string, o: Record<string, any>, cmd: Command) => {
      await scoreCommand({ ...common(cmd), modelFile, file, dataOptions: o.data, json: o.json, columns: o.columns, label: o.label, missing: o.missing }, io);
    });

  program
    .command('transform')
    .addHelpText('after', datasetHelp)
    .description('write the posterior summary of every row as CSV')
    .argument('<model-file>', 'model file written by fit --out')
    .argument('<file>', 'data with the columns the model was trained on: a file or a dataset key')
    .option('--out <latents.csv>', 'CSV file to write (atomically; default: stdout)')
    .option('--data <name=value>', 'pass an option to the dataset plugin of a dataset key (repeatable)', collect)
    .option('--columns <a,b,...>', "columns to use, matched to the model's by position", columnsOption)
    .option('--label <column>', 'column holding class labels (not a feature)')
    .addOption(missingOption())
    .action(async (modelFile: string, file: string, o: Record<string, any>, cmd: Command) => {
      await transformCommand({ ...common(cmd), modelFile, file, dataOptions: o.data, out: o.out, columns: o.columns, label: o.label, missing: o.missing }, io);
    });

  program
    .command('sample')
    .description('draw rows from a fitted model and write them as CSV')
    .argument('<model-file>', 'model file written by fit --out')
    .requiredOption(
      '-n, --n <count>',
      'number of rows',
      asArgParser((t) => parseCount('-n', t, 1)),
    )
    .option('--out <file>', 'CSV file to write (atomically; default: stdout)')
    .option('--seed <n>', 'random seed', seedOption, 0)
    .action(async (modelFile: string, o: Record<string, any>, cmd: Command) => {
      await sampleCommand({ ...common(cmd), modelFile, n: o.n, out: o.out, seed: o.seed }, io);
    });

  program
    .command('report')
    .addHelpText('after', datasetHelp)
    .description('write a self-contained HTML report of a fitted model')
    .argument('<model-file>', 'model file written by fit --out')
    .requiredOption('--out <report.html>', 'HTML file to write (atomically)')
    .option(
      '--data <file|key|name=value>',
      'data for the data plots, a file or a dataset key, and name=value options of its dataset plugin (repeatable; default: the training data recorded in the model)',
      collect,
    )
    .option('--columns <a,b,...>', 'columns of --data to use', columnsOption)
    .option('--label <column>', 'column of --data holding class labels')
    .addOption(missingOption())
    .action(async (modelFile: string, o: Record<string, any>, cmd: Command) => {
      await reportCommand({ ...common(cmd), modelFile, out: o.out, ...splitDataArguments(o.data), columns: o.columns, label: o.label, missing: o.missing }, io);
    });

  program
    .command('select')
    .addHelpText('after', datasetHelp)
    .description('fit a model for each number of components and report BIC and AIC per K')
    .argument('<model-key>', "registry key of the model, e.g. 'mixture/gmm'")
    .argument('<train-file>', "training data, a file or a dataset key; a split column (or the dataset's split) selects the train and test rows")
    .requiredOption('--k <range>', 'values to fit: a..b, a,b,c or one integer', asArgParser(parseKRange))
    .option('--criterion <name>', 'bic or aic: which one picks the best K', 'bic')
    .option('--param <name>', 'the hyperparameter that takes each value', 'nComponents')
    .option('--test <file>', 'test data to score, a file or a dataset key (default: the test rows of the split)')
    .option('--data <name=value>', 'pass an option to the dataset plugin of a dataset key (repeatable)', collect)
    .option('--set <name=value>', 'set another hyperparameter (repeatable)', collect)
    .option('--seed <n>', 'random seed of every fit', seedOption, 0)
    .option('--json', 'print one JSON line with the rows and the chosen K')
    .option('--out <table.csv>', 'write the table as CSV, with an error column for failed fits (atomically)')
    .option('--columns <a,b,...>', 'feature columns to use', columnsOption)
    .option('--label <column>', 'column holding class labels (not a feature)')
    .option('--engine <key>', "inference engine (default: the model's first)")
    .addOption(missingOption())
    .action(async (model: string, train: string, o: Record<string, any>, cmd: Command) => {
      await selectCommand(
        {
          ...common(cmd),
          model,
          train,
          k: o.k,
          criterion: o.criterion,
          param: o.param,
          test: o.test,
          dataOptions: o.data,
          set: o.set,
          seed: o.seed,
          json: o.json,
          columns: o.columns,
          label: o.label,
          engine: o.engine,
          out: o.out,
          missing: o.missing,
        },
        io,
      );
    });

  program
    .command('metric')
    .description('compute a metric (MCC, MIG, SAP, DCI, ARI, NMI, ...) of estimated against true matrices')
    .argument('<metric>', "metric id or key, e.g. 'mig' or 'metrics/mig'")
    .requiredOption('--true <file>', 'reference matrix: true factors, labels, counts, relevance or loadings')
    .requiredOption('--pred <file>', 'estimated matrix: codes, scores, probabilities, topic-word weights or loadings')
    .option('--set <name=value>', 'set a metric parameter (repeatable)', collect)
    .option('--json', 'print one JSON line {metric, value, parts, settings}')
    .option('--columns <a,b,...>', 'columns to use from both files', columnsOption)
    .option('--true-columns <a,b,...>', 'columns to use from --true', columnsOption)
    .option('--pred-columns <a,b,...>', 'columns to use from --pred', columnsOption)
    .action(async (metric: string, o: Record<string, any>, cmd: Command) => {
      await metricCommand(
        {
          ...common(cmd),
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
      );
    });

  program
    .command('main')
    .description('fit the built-in models on bundled real data and write one HTML report')
    .option('--out <dir>', 'output directory', MAIN_OUT_DIR)
    .action(async (o: { out: string }, cmd: Command) => {
      await mainCommand({ ...common(cmd), out: o.out }, io);
    });

  for (const name of ['fit', 'score', 'transform', 'report', 'select']) addDataFormatOptions(program.commands.find((c) => c.name() === name)!);
  addVocabOptions(program);
  addEngineParamOptions(program);
  return program;
}

/**
 * Run the `latentkit` command line in-process and return the exit status: 0 on success, 1 for usage and
 * data errors (one line `latentkit: <message>` on stderr; with `--debug` the stack trace too), 130 when cancelled.
 * @example
 * ```ts
 * const code = await runCli(['fit', 'mixture/gmm', 'faithful.csv', '--set', 'nComponents=2', '--json'], { stdout, stderr });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIO, options: RunCliOptions = {}): Promise<number> {
  const program = createProgram(io, options);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (options.signal?.aborted) throw new CancelledError();
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help' ||
        e.code === 'commander.executeSubCommandAsync'
      ) {
        return e.exitCode;
      }
      io.stderr.write(`${formatError(new Error(e.message.replace(/^error: /, '')))}\n`);
      return e.exitCode || 1;
    }
    const debug = Boolean((program.opts() as { debug?: boolean }).debug) || argv.includes('--debug');
    if (debug) io.stderr.write(`${formatDebugError(e)}\n`);
    else io.stderr.write(`${formatError(e)}\n`);
    return exitCodeFor(e);
  }
}
