import type { ModelPlugin } from '@latentkit/registry';
import type { ModelPluginFixtures } from '../fixtures.js';
import { checkCancellation } from './cancellation.js';
import { checkCapabilities, checkViews } from './capabilities.js';
import { checkContractShape } from './contract-shape.js';
import { checkDefaults } from './defaults.js';
import { checkDeterminism } from './determinism.js';
import { checkFit } from './fit-trace.js';
import { checkJsonRoundTrip } from './json-round-trip.js';
import { checkNoLeaks, checkNoLeaksOnCancel } from './leaks.js';
import { checkSample, checkScores, checkTransform } from './shapes.js';
import { checkInvalidParams, checkParameterRanges, checkUnknownParameter, hasRanges } from './validation.js';

/** One conformance check: a sentence for the test name and a function that throws when the plugin fails it. */
export interface ModelPluginCheck {
  /** The check as a sentence about the plugin, the vitest test name, e.g. `declares a valid default for every parameter and creates a model from defaults alone`. */
  readonly title: string;
  /** Run the check on the model with the fixtures; throws (an assertion error) when it fails. */
  readonly run: (plugin: ModelPlugin, fixtures: ModelPluginFixtures) => Promise<void>;
  /** When present and false, the check has nothing to examine for this plugin and fixtures. */
  readonly applies?: (plugin: ModelPlugin, fixtures: ModelPluginFixtures) => boolean;
}

/** Every check {@link checkModelPlugin} runs, in order. */
export const modelPluginChecks: readonly ModelPluginCheck[] = [
  { title: 'fits the plugin contract (shape, kebab-case key, API version, package identity)', run: checkContractShape },
  { title: 'declares a valid default for every parameter and creates a model from defaults alone', run: checkDefaults },
  {
    title: 'rejects each fixtures.invalidParams entry with a matching ParamError',
    run: checkInvalidParams,
    applies: (_, f) => (f.invalidParams?.length ?? 0) > 0,
  },
  { title: 'rejects an unknown parameter name and lists the known ones', run: checkUnknownParameter },
  {
    title: 'rejects values outside each declared range with a message naming the parameter and value',
    run: checkParameterRanges,
    applies: (p) => hasRanges(p),
  },
  { title: 'fits with a finite trace that is monotone when the engine promises it', run: checkFit },
  { title: 'gives identical traces, transforms and samples for the same seed', run: checkDeterminism },
  { title: 'transforms the data to one finite row per data row with named columns', run: checkTransform },
  { title: 'scores the data with finite numbers named by scoreNames', run: checkScores },
  { title: 'samples rows with the training data columns', run: checkSample },
  {
    title: 'declares capabilities that agree: latentDim, scoreSamples, nParameters with bic and aic, predict, decode',
    run: checkCapabilities,
  },
  { title: 'returns well-formed views that are plain JSON', run: checkViews },
  { title: 'saves to JSON (format 2 with provenance) and loads back through the registry to the same scores and transform', run: checkJsonRoundTrip },
  { title: 'leaks no tensors over fit, transform, score, sample, save, load and dispose', run: checkNoLeaks },
  { title: 'leaks no tensors when a fit is cancelled', run: checkNoLeaksOnCancel },
  { title: 'resolves a cancelled fit with a usable model holding the completed iterations', run: checkCancellation },
];
