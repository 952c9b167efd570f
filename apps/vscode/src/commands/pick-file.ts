import * as vscode from 'vscode';
import type { Ctx } from '../ctx.js';

/** Options of {@link pickWorkspaceFile}. */
export interface PickFileOptions {
  readonly glob: string;
  readonly title: string;
  readonly placeHolder: string;
  /** Filters of the Browse… dialog. */
  readonly filters: Record<string, string[]>;
  /** Whether a file name is acceptable (for the active editor's file). */
  readonly accepts: (path: string) => boolean;
}

/**
 * The file a command works on: the explorer's selection when invoked from its context menu, else a quick pick of the
 * workspace's matching files (the active editor's file first) with a Browse… entry.
 */
export async function pickWorkspaceFile(ctx: Ctx, arg: unknown, o: PickFileOptions): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const files = await vscode.workspace.findFiles(o.glob, '**/{node_modules,.git}/**', 500);
  const active = vscode.window.activeTextEditor?.document.uri;
  const paths = files.map((f) => f.fsPath).sort((a, b) => ctx.displayPath(a).localeCompare(ctx.displayPath(b)));
  if (active && active.scheme === 'file' && o.accepts(active.fsPath)) {
    const i = paths.indexOf(active.fsPath);
    if (i >= 0) paths.splice(i, 1);
    paths.unshift(active.fsPath);
  }
  const browse = { label: '$(folder-opened) Browse…', path: '' };
  const items = [...paths.map((p) => ({ label: ctx.displayPath(p), description: p === active?.fsPath ? 'active editor' : '', path: p })), browse];
  const choice = await vscode.window.showQuickPick(items, { title: o.title, placeHolder: o.placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  if (!choice) return undefined;
  if (choice !== browse) return choice.path;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: o.filters,
    title: o.title,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}
