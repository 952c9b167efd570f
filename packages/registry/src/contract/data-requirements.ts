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
}
