import type { Dataset } from '@latentkit/core';

/** What data a model accepts; checked before fitting, and used to offer compatible models for a file. */
export interface DataRequirements {
  readonly kind: Dataset['kind'];
  readonly nonNegative?: boolean;
  readonly integer?: boolean;
  /** Whether NaN cells (missing values) are handled by the model. */
  readonly allowsMissing?: boolean;
  /**
   * Hyperparameter values that fitting data with NaN cells needs, when `allowsMissing` holds only for some settings
   * (`factor/ppca`: `{ method: 'em' }`). The fitted model scores and transforms rows with NaN cells whatever they are.
   */
  readonly allowsMissingWith?: Readonly<Record<string, string | number | boolean>>;
  readonly minRows?: number;
  /**
   * Whether the model needs the group of each row (`Dataset.groups`, e.g. background and target rows of a contrastive
   * model); data without groups, or with fewer than 2 distinct group values, is refused before fitting.
   */
  readonly groups?: boolean;
}
