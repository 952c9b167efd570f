import type { Dataset } from '@latentkit/core';

/** What data a model accepts; checked before fitting, and used to offer compatible models for a file. */
export interface DataRequirements {
  /** The data form the model fits: `'dense'` (real-valued rows) or `'counts'` (a document-term count matrix). */
  readonly kind: Dataset['kind'];
  /** Whether every value must be ≥ 0; with `integer`, the data must be counts (checked before fitting). */
  readonly nonNegative?: boolean;
  /** Whether every value must be a whole number; with `nonNegative`, the data must be counts (checked before fitting). */
  readonly integer?: boolean;
  /** Whether NaN cells (missing values) are handled by the model. */
  readonly allowsMissing?: boolean;
  /**
   * Hyperparameter values that fitting data with NaN cells needs, when `allowsMissing` holds only for some settings
   * (`factor/ppca`: `{ method: 'em' }`). The fitted model scores and transforms rows with NaN cells whatever they are.
   */
  readonly allowsMissingWith?: Readonly<Record<string, string | number | boolean>>;
  /** Fewest rows the model can be fitted to; fewer is refused before fitting with a one-line error. */
  readonly minRows?: number;
  /**
   * Whether the model needs the group of each row (`Dataset.groups`, e.g. background and target rows of a contrastive
   * model); data without groups, or with fewer than 2 distinct group values, is refused before fitting.
   */
  readonly groups?: boolean;
}
