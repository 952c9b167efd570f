import * as vscode from 'vscode';
import type { Ctx } from '../ctx.js';

/** Options of {@link pickWorkspaceFile}; `T` is the type of the {@link PickFileOptions.more} entries. */
export interface PickFileOptions<T extends vscode.QuickPickItem = never> {
  readonly glob: string;
  readonly title: string;
  readonly placeHolder: string;
  /** Filters of the Browse… dialog. */
  readonly filters: Record<string, string[]>;
  /** Whether a file name is acceptable (for the active editor's file). */
  readonly accepts: (path: string) => boolean;
  /** Entries offered after the files and Browse…, under a separator named `moreTitle` (Train Model…: registered datasets). */
  readonly more?: readonly T[];
  readonly moreTitle?: string;
}

/**
 * The file a command works on: the explorer's selection when invoked from its context menu, else a quick pick of the
 * workspace's matching files (the active editor's file first) with a Browse… entry, followed by `o.more`. Resolves
 * with the file's path, or the entry of `o.more` that was chosen.
 */
export async function pickWorkspaceFile<T extends vscode.QuickPickItem = never>(
  ctx: Ctx,
  arg: unknown,
  o: PickFileOptions<T>,
): Promise<string | T | undefined> {
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
  const entries = [...paths.map((p) => ({ label: ctx.displayPath(p), description: p === active?.fsPath ? 'active editor' : '', path: p })), browse];
  const more = o.more?.length ? [{ label: o.moreTitle ?? '', kind: vscode.QuickPickItemKind.Separator }, ...o.more] : [];
  const items: vscode.QuickPickItem[] = [...entries, ...more];
  const choice = await vscode.window.showQuickPick(items, { title: o.title, placeHolder: o.placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  if (!choice) return undefined;
  if (o.more?.includes(choice as T)) return choice as T;
  if (choice !== browse) return (choice as (typeof entries)[number]).path;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: o.filters,
    title: o.title,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}
