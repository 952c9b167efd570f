import * as vscode from 'vscode';
import { Ctx, registerCommands } from './ctx.js';
import { registerLatentPreview } from './webviews/latent-preview/registration.js';

/** Wire up the context, the commands and the preview's serializer; VS Code shows nothing when activation fails, so say it here. */
export function activate(extension: vscode.ExtensionContext): void {
  try {
    const ctx = new Ctx(extension);
    registerCommands(ctx);
    registerLatentPreview(ctx);
  } catch (e) {
    void vscode.window.showErrorMessage(`latentkit failed to start: ${String((e as Error)?.message ?? e)}`);
    throw e;
  }
}

export function deactivate(): void {}
