import { Command, CommanderError } from 'commander';
import { COMMANDS, type CommandSpec } from './command-table.js';
import { CancelledError, exitCodeFor, formatDebugError, formatError } from './errors.js';
import type { CliIO } from './io.js';
import { collect } from './options/common.js';
import { dataFormatOptions } from './options/data-format.js';
import { engineParamOption } from './options/engine-params.js';
import { vocabOption } from './options/vocab.js';
import { VERSION } from './version.js';

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Fires on Ctrl-C: a running fit stops, nothing is written, and the exit status is 130. */
  readonly signal?: AbortSignal;
}

/** Build the `latentkit` command line from the command table ({@link COMMANDS}); actions write to `io` and receive `signal`. */
export function createProgram(io: CliIO, options: RunCliOptions = {}, commands: readonly CommandSpec[] = COMMANDS): Command {
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

  for (const spec of commands) {
    const cmd = program.command(spec.name).description(spec.description);
    for (const [name, description] of spec.arguments) cmd.argument(name, description);
    for (const text of spec.help ?? []) cmd.addHelpText('after', text);
    for (const group of spec.options) group(cmd);
    // Commander passes the positional arguments, then the parsed options, then the command itself.
    cmd.action(async (...given: unknown[]) => {
      const self = given[given.length - 1] as Command;
      const o = given[given.length - 2] as Record<string, unknown>;
      await spec.action(given.slice(0, -2) as string[], o, common(self), io);
    });
  }
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
