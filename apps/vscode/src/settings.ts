import * as vscode from 'vscode';
import type { ExtensionBackend } from './training/protocol.js';

/** The extension's settings (`latentkit.*`). */
export interface Settings {
  readonly backend: ExtensionBackend;
  readonly outputFolder: string;
  readonly plugins: readonly string[];
  /** Worker threads of a training job (`latentkit.threads`); 0: automatic. */
  readonly threads: number;
}

/** Read the `latentkit.*` settings of the first workspace folder. */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('latentkit', vscode.workspace.workspaceFolders?.[0]?.uri);
  const backend = config.get<string>('backend', 'wasm');
  const plugins = config.get<unknown>('plugins', []);
  const threads = config.get<unknown>('threads', 0);
  return {
    backend: backend === 'cpu' ? 'cpu' : 'wasm',
    outputFolder: config.get<string>('outputFolder', '') ?? '',
    plugins: Array.isArray(plugins) ? plugins.filter((p): p is string => typeof p === 'string') : [],
    threads: typeof threads === 'number' && Number.isInteger(threads) && threads > 0 ? threads : 0,
  };
}
