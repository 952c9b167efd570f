import * as vscode from 'vscode';
import type { Ctx } from '../../ctx.js';
import type { PersistedState } from './protocol.js';

/** View type of the latent preview panel. */
export const LATENT_PREVIEW_VIEW_TYPE = 'latentkit.latentPreview';

/**
 * Register the serializer that restores latent previews after a window reload. The panel module is imported only
 * when a preview is shown or restored, so activation stays cheap.
 */
export function registerLatentPreview(ctx: Ctx): void {
  ctx.extension.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(LATENT_PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const { LatentPreviewPanel } = await import('./latent-preview-panel.js');
        const persisted = state as Partial<PersistedState> | undefined;
        if (!persisted || typeof persisted.modelFile !== 'string') {
          panel.dispose();
          return;
        }
        LatentPreviewPanel.revive(ctx, panel, { modelFile: persisted.modelFile, ...(persisted.colourBy && { colourBy: persisted.colourBy }) });
      },
    }),
  );
}

/** Open (or reveal) the latent preview of a model file. */
export async function showLatentPreview(ctx: Ctx, modelFile: string): Promise<void> {
  const { LatentPreviewPanel } = await import('./latent-preview-panel.js');
  LatentPreviewPanel.show(ctx, modelFile);
  // The walkthrough's last step is done once a preview has been shown.
  void vscode.commands.executeCommand('setContext', 'latentkit.previewShown', true);
}
