import type { SaemTerms } from '@latentkit/registry';
import type { DdeParams } from '../dde-params.js';
import type { DdeState } from '../dde-state.js';

/** The SAEM terms of `dde/dde` (to be implemented: simulation step, statistics, TLP M-step, change). */
export function ddeSaemTerms(_params: DdeParams): SaemTerms<DdeState> {
  throw new Error('dde/dde: SAEM terms are not implemented yet');
}
