import { basename } from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_PREFIX, commandTable, type CommandSpec } from './commands/command-table.js';
import { discoverPlugins, type Discovered } from './plugins/discover.js';
import { readSettings, type Settings } from './settings.js';
import type { Job, Progress, WorkerSetup } from './training/protocol.js';
import { startJob, type RunningJob } from './training/worker-runner.js';

/** A training run in progress. */
export interface Training {
  readonly id: number;
  readonly label: string;
  readonly job: RunningJob<unknown>;
}

/**
 * What every command and panel runs with: the extension context, the log, the settings, the registry of
 * built-in and settings-listed plugins (rebuilt when `latentkit.plugins` or workspace trust changes), and the
 * running trainings.
 */
export class Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly trainings = new Map<number, Training>();
  private discovered: Promise<Discovered> | undefined;
  private nextTrainingId = 1;
  private readonly reported = new Set<string>();

  constructor(extension: vscode.ExtensionContext) {
    this.extension = extension;
    this.log = vscode.window.createOutputChannel('latentkit', { log: true });
    extension.subscriptions.push(
      this.log,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('latentkit.plugins')) this.discovered = undefined;
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.discovered = undefined;
      }),
    );
  }

  get settings(): Settings {
    return readSettings();
  }

  /** The first workspace folder, which plugin modules are resolved from. */
  get workspaceFolder(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  /** The registry (built on first use), after showing any problem with a settings-listed plugin once. */
  async plugins(): Promise<Discovered> {
    this.discovered ??= discoverPlugins({
      specifiers: this.settings.plugins,
      cwd: this.workspaceFolder,
      trusted: vscode.workspace.isTrusted,
      warn: (m) => this.log.warn(m),
    });
    const found = await this.discovered;
    for (const { specifier, keys } of found.loaded) this.log.info(`latentkit.plugins: loaded ${specifier} (${keys.join(', ')})`);
    for (const problem of found.problems) this.reportOnce(`latentkit.plugins: ${problem.message}`, 'error');
    if (found.skipped) this.reportOnce(found.skipped, 'warning');
    return found;
  }

  private reportOnce(message: string, level: 'error' | 'warning'): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    if (level === 'error') {
      this.log.error(message);
      void vscode.window.showErrorMessage(message);
    } else {
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
    }
  }

  /** How training workers start: backend, `.wasm` folder next to the bundle, plugin modules. */
  workerSetup(): WorkerSetup {
    const settings = this.settings;
    return {
      backend: settings.backend,
      wasmDir: `${vscode.Uri.joinPath(this.extension.extensionUri, 'dist', 'wasm').fsPath}/`,
      pluginSpecifiers: settings.plugins,
      ...(this.workspaceFolder && { cwd: this.workspaceFolder }),
      trusted: vscode.workspace.isTrusted,
      ...(settings.threads > 0 && { threads: settings.threads }),
    };
  }

  /** Run a job in a fresh worker thread. */
  startJob<J extends Job>(job: J, onProgress?: (p: Progress) => void): ReturnType<typeof startJob<J>> {
    const workerFile = vscode.Uri.joinPath(this.extension.extensionUri, 'dist', 'worker.cjs').fsPath;
    return startJob(workerFile, this.workerSetup(), job, { onProgress, onWarning: (m) => this.log.warn(m) });
  }

  /** Record a running training (for Cancel Training) until `done` settles. */
  trackTraining(label: string, job: RunningJob<unknown>): Training {
    const training = { id: this.nextTrainingId++, label, job };
    this.trainings.set(training.id, training);
    void vscode.commands.executeCommand('setContext', 'latentkit.trainingRunning', true);
    const untrack = () => {
      this.trainings.delete(training.id);
      void vscode.commands.executeCommand('setContext', 'latentkit.trainingRunning', this.trainings.size > 0);
    };
    job.result.then(untrack, untrack);
    return training;
  }

  /** A short name for a file in messages: its path relative to the workspace, or its base name. */
  displayPath(file: string): string {
    const rel = vscode.workspace.asRelativePath(file, false);
    return rel === file ? basename(file) : rel;
  }
}

/** Register every command of the table under `latentkit.<name>`. */
export function registerCommands(ctx: Ctx): void {
  for (const [name, spec] of Object.entries(commandTable) as [string, CommandSpec][]) {
    const run = spec.enabled(ctx);
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(`${COMMAND_PREFIX}${name}`, async (...args: unknown[]) => {
        const why = spec.disabled?.(ctx);
        if (why) {
          void vscode.window.showInformationMessage(`latentkit: ${why}`);
          return undefined;
        }
        try {
          return await run(...args);
        } catch (e) {
          const message = String((e as Error)?.message ?? e).split('\n')[0];
          ctx.log.error(`${name}: ${(e as Error)?.stack ?? message}`);
          void vscode.window.showErrorMessage(`latentkit: ${message}`);
          return undefined;
        }
      }),
    );
  }
}
