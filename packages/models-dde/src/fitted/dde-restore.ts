import type { Fitted, RestoreInput } from '@latentkit/registry';
import type { DdeParams } from '../dde-params.js';

/** Rebuild a fitted DDE from a model file (to be implemented). */
export function restoreDde(_args: RestoreInput<DdeParams>): Fitted<DdeParams> {
  throw new Error('dde/dde: restore is not implemented yet');
}
