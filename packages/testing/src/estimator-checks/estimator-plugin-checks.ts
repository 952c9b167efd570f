import type { EstimatorPlugin } from '@latentkit/registry';
import { checkEstimatorContract } from './estimator-contract.js';
import type { EstimatorPluginFixtures } from './estimator-fixtures.js';
import { checkEstimatorNoLeaks, checkEstimatorSamples } from './estimator-samples.js';
import { checkEstimatorUnbiased } from './estimator-unbiased.js';

/** One estimator check: a sentence for the test name and a function that throws when the estimator fails it. */
export interface EstimatorPluginCheck {
  /** The check as a sentence about the estimator, the vitest test name, e.g. `leaks no tensors across create, steps and dispose`. */
  readonly title: string;
  /** Run the check on the estimator with the fixtures; throws (an assertion error) when it fails. */
  readonly run: (plugin: EstimatorPlugin, fixtures: EstimatorPluginFixtures) => Promise<void>;
}

/** Every check {@link checkEstimatorPlugin} runs, in order. */
export const estimatorPluginChecks: readonly EstimatorPluginCheck[] = [
  { title: 'fits the plugin contract (shape, kebab-case key, API version, instance methods of its supports)', run: checkEstimatorContract },
  { title: 'samples of the parameters’ shape and a surrogate with the value of f and a finite gradient', run: checkEstimatorSamples },
  { title: 'leaks no tensors across create, steps and dispose', run: checkEstimatorNoLeaks },
  { title: 'has a mean gradient within 4 standard errors of the exact one when declared unbiased', run: checkEstimatorUnbiased },
];
