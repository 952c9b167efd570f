import type { Dataset } from '@latentkit/core';
import type { MinibatchSchedule, ViSettings } from './api1.js';
import type { FitResult } from './fit-options.js';
import type { FitInfo, Fitted } from './fitted.js';
import type { ModelTerms } from './model-terms.js';

/**
 * A model with validated hyperparameters and the terms inference needs, as returned by a plugin's `create`.
 * It holds no data and no fitted state.
 */
export interface ModelInstance<P, S = unknown> {
  /** The hyperparameters, validated and with defaults filled in by the registry. */
  readonly params: P;
  /** The model's terms, by inference family (`em`, `vi`, `gibbs`, …): what the engines that can fit it call. */
  readonly terms: ModelTerms<S>;
  /** Number of initialisations the engine runs, keeping the best (scikit-learn's `n_init`). */
  readonly restarts?: number;
  /** The model's default `maxIter` / `tol` (engine parameters every engine has), usually from its hyperparameters. */
  readonly maxIter?: number;
  /** The model's default convergence threshold (engine parameter `tol`), usually from its hyperparameters. */
  readonly tol?: number;
  /**
   * The model's defaults for engine parameters, by engine key: its default training (a VAE's epochs and learning
   * rate for `inference/vi`, LDA's minibatch schedule for `inference/online-vi`). They override the engine's own
   * `defaults`; `FitOptions.engineParams` override them. The registry checks them against the engine's `params`.
   */
  readonly engineDefaults?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Engine to fit with when `FitOptions.engine` is not given, chosen from the hyperparameters (e.g. LDA's
   * `learningMethod: 'online'` → `inference/online-vi`); default: the plugin's first registered supported engine.
   */
  readonly preferredEngine?: string;
  /**
   * Wrap an engine result as a fitted model. Takes ownership of the tensors in `result.state`. `info` is the fit's
   * bookkeeping as the registry recorded it (plugin API 2): pass it to a {@link FittedBase} subclass.
   */
  fitted(result: FitResult<S>, data: Dataset, info: FitInfo): Fitted<P>;
  /** @deprecated API 1: use `engineDefaults['inference/online-vi']`. */
  readonly schedule?: MinibatchSchedule;
  /** @deprecated API 1: use `engineDefaults['inference/vi']`. */
  readonly viSettings?: ViSettings;
}
