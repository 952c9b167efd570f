import type { EmTerms } from '@latentkit/registry';
import type { DdeParams } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';

/** The exact-EM terms of `dde/dde` (to be implemented: E-step by enumeration, shared TLP M-step). */
export function ddeEmTerms(_params: DdeParams): EmTerms<DdeState> {
  throw new Error('dde/dde: exact EM terms are not implemented yet');
}
