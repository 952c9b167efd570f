import type { BackendInfo } from '@latentkit/core';
import type { Registry } from '@latentkit/registry';
import type { CliIO } from './io.js';
import { buildRegistry } from './plugins.js';
import { startBackend } from './start-backend.js';

/** Options every command accepts. */
export interface CommonOptions {
  /** Plugin modules to load (`--plugin`, repeatable). */
  readonly plugin?: readonly string[];
  /** Fires on Ctrl-C: running fits stop and nothing is written. */
  readonly signal?: AbortSignal;
}

/** What a command runs with: the tensor backend in use and a registry of built-in and `--plugin` plugins. */
export interface CommandContext {
  readonly backend: BackendInfo;
  readonly registry: Registry;
}

/** Start the backend (once per process) and build the registry. */
export async function createContext(options: CommonOptions, io: CliIO): Promise<CommandContext> {
  const backend = await startBackend(io.stderr);
  const registry = await buildRegistry({ plugins: options.plugin, warn: (m) => io.stderr.write(`${m}\n`) });
  return { backend, registry };
}
