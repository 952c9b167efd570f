import * as vscode from 'vscode';
import type { Ctx } from '../ctx.js';

/** Cancel Training: stop the running training (asking which when several run); nothing is written for it. */
export async function cancelTraining(ctx: Ctx): Promise<void> {
  const running = [...ctx.trainings.values()];
  let chosen = running;
  if (running.length > 1) {
    const pick = await vscode.window.showQuickPick(
      [{ label: 'All training runs', trainings: running }, ...running.map((t) => ({ label: t.label, trainings: [t] }))],
      { title: 'latentkit: Cancel Training', placeHolder: 'Training run to cancel' },
    );
    if (!pick) return;
    chosen = pick.trainings;
  }
  for (const t of chosen) {
    ctx.log.info(`cancelling training #${t.id} (${t.label})`);
    t.job.cancel();
  }
}
