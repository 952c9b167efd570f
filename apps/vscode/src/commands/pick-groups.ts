import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx.js';
import { defaultBackground, groupColumnCandidates } from '../data/group-columns.js';
import { loadChoice, type LoadChoice, type SniffedData } from '../data/sniff-data.js';
import type { InspectResult } from '../training/protocol.js';

/** The group choice of Train Model: how to read the file (with its group column, background and targets) and what it holds. */
export interface GroupPick {
  readonly load: LoadChoice & { readonly group: string; readonly background: string };
  /** The file read with the group column: rows per group value, and the model's data check with the groups. */
  readonly inspect: InspectResult;
}

const pickOptions = { ignoreFocusOut: true, matchOnDescription: true } as const;

/**
 * Ask for the row groups of a model that declares `data.groups`, as `latentkit fit --group g --background-value b
 * --target-value t` takes them: the group column (one of the file's text columns), read in the worker to count the
 * rows of each value and to run the model's data check with the groups (a column with one group only is refused in
 * one line); the background value ('background' when the column holds it, else a choice among its values); and, when
 * there are several other values, the target values kept (all by default). The label column, if it was the group
 * column, is dropped. Undefined when the user cancels a pick.
 * @throws Error of one line when the file has no text column, the model refuses the groups, or no target is kept.
 */
export async function pickGroups(ctx: Ctx, dataFile: string, sniffed: SniffedData, label: string | undefined, key: string): Promise<GroupPick | undefined> {
  const name = basename(dataFile);
  const columns = groupColumnCandidates(sniffed);
  if (columns.length === 0) throw new Error(`${key} needs row groups, but ${name} has no text column to hold each row's group`);
  const column = await vscode.window.showQuickPick(
    columns.map((c) => ({ label: c, description: c === label ? 'the label column chosen for this file' : '' })),
    { ...pickOptions, title: `latentkit: group column of ${name} for ${key}`, placeHolder: "Column holding each row's group (background or target)" },
  );
  if (!column) return undefined;
  const group = column.label;
  const base: LoadChoice = { ...loadChoice(sniffed, label === group ? undefined : label), group };
  const inspect = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `latentkit: reading the groups of ${name}` },
    () => ctx.startJob({ kind: 'inspect', file: dataFile, load: base }).result,
  );
  const model = inspect.models.find((m) => m.key === key);
  if (model && !model.fits) throw new Error(model.reason ?? `${key} does not fit ${name} with the group column '${group}'`);
  const counts = inspect.groups?.counts ?? [];
  const values = counts.map((c) => c.value);
  const rowsOf = (v: string) => `${counts.find((c) => c.value === v)?.rows ?? 0} rows`;
  let background = defaultBackground(values);
  if (background === undefined) {
    const chosen = await vscode.window.showQuickPick(
      values.map((v) => ({ label: v, description: rowsOf(v) })),
      {
        ...pickOptions,
        title: `latentkit: background group of '${group}'`,
        placeHolder: 'Value of the background (control) rows; every other value is a target group',
      },
    );
    if (!chosen) return undefined;
    background = chosen.label;
  }
  const others = values.filter((v) => v !== background);
  let targets: string[] | undefined;
  if (others.length > 1) {
    const chosen = await vscode.window.showQuickPick(
      others.map((v) => ({ label: v, description: rowsOf(v), picked: true })),
      {
        ...pickOptions,
        canPickMany: true,
        title: `latentkit: target groups of '${group}' to keep`,
        placeHolder: 'Rows of the groups not kept are left out of the fit',
      },
    );
    if (!chosen) return undefined;
    if (chosen.length === 0) throw new Error(`no target group of the column '${group}' of ${name} was kept; keep at least one besides '${background}'`);
    if (chosen.length < others.length) targets = chosen.map((c) => c.label);
  }
  return { load: { ...base, group, background, ...(targets && { targets }) }, inspect };
}
