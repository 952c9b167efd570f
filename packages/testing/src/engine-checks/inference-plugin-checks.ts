import type { InferencePlugin } from '@latentkit/registry';
import { checkEngineCancellation, checkEngineNoLeaks } from './engine-cancellation.js';
import { checkEngineContract } from './engine-contract.js';
import type { InferencePluginFixtures } from './engine-fixtures.js';
import { checkEngineOnStep, checkEngineResult } from './engine-result.js';
import { checkEngineDeterminism, checkEngineRestarts } from './engine-restarts.js';

/** One engine check: a sentence for the test name and a function that throws when the engine fails it. */
export interface InferencePluginCheck {
  /** The check as a sentence about the engine, the vitest test name, e.g. `leaks no tensors, also when cancelled`. */
  readonly title: string;
  /** Run the check on the engine with the fixtures; throws (an assertion error) when it fails. */
  readonly run: (engine: InferencePlugin, fixtures: InferencePluginFixtures) => Promise<void>;
}

/** Every check {@link checkInferencePlugin} runs, in order. */
export const inferencePluginChecks: readonly InferencePluginCheck[] = [
  { title: 'fits the plugin contract (shape, kebab-case key, API version, defaults)', run: (e) => checkEngineContract(e) },
  { title: 'returns a complete result with a trace numbered from 1', run: checkEngineResult },
  { title: 'awaits onStep once per iteration with iteration, objective and delta', run: checkEngineOnStep },
  { title: 'runs restarts in order and keeps the one with the best final objective', run: checkEngineRestarts },
  { title: 'gives identical results for the same seed', run: checkEngineDeterminism },
  { title: 'honours an abort signal and resolves with the last good state', run: checkEngineCancellation },
  { title: 'leaks no tensors, also when cancelled', run: checkEngineNoLeaks },
];
