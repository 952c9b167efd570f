import { constants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx.js';

/** Name of the sample data file that Open Sample Data writes into the workspace. */
export const SAMPLE_FILE = 'old-faithful.csv';

/**
 * Open Sample Data (the walkthrough's first step): copy the sample CSV shipped in the extension (`dist/sample/`, the
 * Old Faithful eruptions of `@latentkit/datasets` with their train/test split) into the first workspace folder, unless a
 * file of that name is there already, and open it, so that Train Model offers it first.
 */
export async function openSampleData(ctx: Ctx): Promise<void> {
  const folder = ctx.workspaceFolder;
  if (!folder) throw new Error(`open a folder first: Open Sample Data writes ${SAMPLE_FILE} into the workspace`);
  const target = join(folder, SAMPLE_FILE);
  const source = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'sample', SAMPLE_FILE).fsPath;
  try {
    await copyFile(source, target, constants.COPYFILE_EXCL);
    ctx.log.info(`wrote the sample data ${target}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
}
