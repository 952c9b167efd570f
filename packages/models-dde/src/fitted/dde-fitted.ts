import type { Dataset } from '@latentkit/core';
import type { FitInfo, FitResult, Fitted } from '@latentkit/registry';
import type { DdeParams } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';

/** Wrap an engine result as a fitted DDE (to be implemented: FittedDde on FittedBase). */
export function ddeFromResult(_params: DdeParams, _result: FitResult<DdeState>, _data: Dataset, _info: FitInfo): Fitted<DdeParams> {
  throw new Error('dde/dde: fitted model is not implemented yet');
}
