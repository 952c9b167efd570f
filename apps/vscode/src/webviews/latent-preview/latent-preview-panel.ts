import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../ctx.js';
import { message, WebviewReadyCommand, type IpcMessage } from '../protocol.js';
import { createNonce, webviewHtml } from '../webview-html.js';
import { DidChangeNotification, RefreshCommand, UpdateColourCommand, type PersistedState, type State } from './protocol.js';
import { LATENT_PREVIEW_VIEW_TYPE } from './registration.js';

/**
 * The latent preview of one model file: a webview that renders the state computed in a worker, recomputed when the
 * file changes. Survives a window reload through `registerWebviewPanelSerializer` and the webview's `setState`.
 */
export class LatentPreviewPanel {
  private static readonly open = new Map<string, LatentPreviewPanel>();

  private readonly ctx: Ctx;
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private state: State;
  private ready = false;
  private generation = 0;

  /** Reveal the preview of `modelFile`, creating it if needed. */
  static show(ctx: Ctx, modelFile: string): LatentPreviewPanel {
    const existing = LatentPreviewPanel.open.get(modelFile);
    if (existing) {
      existing.panel.reveal();
      existing.refresh();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      LATENT_PREVIEW_VIEW_TYPE,
      `Latent Preview: ${basename(modelFile)}`,
      vscode.ViewColumn.Active,
      LatentPreviewPanel.options(ctx),
    );
    return new LatentPreviewPanel(ctx, panel, { modelFile });
  }

  /** Take over a panel VS Code restored after a reload. */
  static revive(ctx: Ctx, panel: vscode.WebviewPanel, persisted: PersistedState): LatentPreviewPanel {
    LatentPreviewPanel.open.get(persisted.modelFile)?.panel.dispose();
    panel.webview.options = LatentPreviewPanel.options(ctx);
    return new LatentPreviewPanel(ctx, panel, persisted);
  }

  private static options(ctx: Ctx): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview')], retainContextWhenHidden: false };
  }

  private constructor(ctx: Ctx, panel: vscode.WebviewPanel, persisted: PersistedState) {
    this.ctx = ctx;
    this.panel = panel;
    this.state = { modelFile: persisted.modelFile, status: 'loading', ...(persisted.colourBy && { colourBy: persisted.colourBy }) };
    LatentPreviewPanel.open.set(persisted.modelFile, this);
    panel.title = `Latent Preview: ${basename(persisted.modelFile)}`;
    const webview = panel.webview;
    const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview', file)).toString();
    webview.html = webviewHtml({
      title: panel.title,
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('latent-preview.js'),
      styleUri: asset('latent-preview.css'),
    });
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dirname(persisted.modelFile)), basename(persisted.modelFile)),
    );
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.refresh()),
      watcher.onDidCreate(() => this.refresh()),
      webview.onDidReceiveMessage((m: IpcMessage) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.refresh();
  }

  private onMessage(m: IpcMessage): void {
    if (WebviewReadyCommand.is(m)) {
      this.ready = true;
      this.post();
    } else if (UpdateColourCommand.is(m)) {
      this.state = { ...this.state, colourBy: m.params.colourBy };
    } else if (RefreshCommand.is(m)) {
      this.refresh();
    }
  }

  /** Recompute the preview in a worker; a newer refresh supersedes an older one. */
  refresh(): void {
    const generation = ++this.generation;
    this.state = { modelFile: this.state.modelFile, status: 'loading', ...(this.state.colourBy && { colourBy: this.state.colourBy }) };
    this.post();
    const job = this.ctx.startJob({ kind: 'preview', modelFile: this.state.modelFile });
    job.result.then(
      (content) => {
        if (generation !== this.generation) return;
        this.state = { ...this.state, status: 'ready', content };
        this.post();
      },
      (e: unknown) => {
        if (generation !== this.generation) return;
        const error = String((e as Error)?.message ?? e).split('\n')[0];
        this.ctx.log.error(`preview of ${this.state.modelFile}: ${error}`);
        this.state = { ...this.state, status: 'error', error };
        this.post();
      },
    );
  }

  private post(): void {
    if (this.ready) void this.panel.webview.postMessage(message(DidChangeNotification, this.state));
  }

  private dispose(): void {
    if (LatentPreviewPanel.open.get(this.state.modelFile) === this) LatentPreviewPanel.open.delete(this.state.modelFile);
    this.generation++;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
