import type { Ctx } from '../ctx.js';

/** A command implementation: what VS Code calls with the command's arguments. */
export type Cmd = (...args: any[]) => unknown;

/**
 * One entry of the command table (rust-analyzer's shape): `enabled` builds the implementation; `disabled`, when
 * present, says why the command cannot run right now (or returns undefined when it can), and that explanation is
 * shown instead of running it.
 */
export interface CommandSpec {
  readonly enabled: (ctx: Ctx) => Cmd;
  readonly disabled?: (ctx: Ctx) => string | undefined;
}

/** Prefix of every command id. */
export const COMMAND_PREFIX = 'latentkit.';

/**
 * Every command of the extension, keyed by name without the `latentkit.` prefix. Registered in one loop by
 * `registerCommands`; a unit test checks that the keys are exactly the commands contributed in package.json.
 * Implementations are imported lazily so that activation stays cheap.
 */
export const commandTable = {
  trainModel: {
    enabled: (ctx) => async (uri?: unknown) => (await import('./train-model.js')).trainModel(ctx, uri),
  },
  openLatentPreview: {
    enabled: (ctx) => async (uri?: unknown) => (await import('./open-latent-preview.js')).openLatentPreview(ctx, uri),
  },
  openSampleData: {
    enabled: (ctx) => async () => (await import('./open-sample-data.js')).openSampleData(ctx),
  },
  cancelTraining: {
    enabled: (ctx) => async () => (await import('./cancel-training.js')).cancelTraining(ctx),
    disabled: (ctx) => (ctx.trainings.size === 0 ? 'No latentkit training is running.' : undefined),
  },
} satisfies Record<string, CommandSpec>;

/** Names of the commands, without the prefix. */
export type CommandName = keyof typeof commandTable;
