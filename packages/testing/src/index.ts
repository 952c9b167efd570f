export { checkModelPlugin } from './check-model-plugin.js';
export { checkInferencePlugin } from './check-inference-plugin.js';
export { checkEstimatorPlugin } from './check-estimator-plugin.js';
export { countTensors } from './count-tensors.js';
export { inProcessShards } from './in-process-shards.js';
export { expectClose, type CloseOptions } from './expect-close.js';
export { resolveData, setupFit, withFitted, abortAfter, type CheckSetup, type ModelPluginFixtures } from './fixtures.js';
export { modelPluginChecks, type ModelPluginCheck } from './model-checks/model-plugin-checks.js';
export { checkContractShape } from './model-checks/contract-shape.js';
export { checkDefaults } from './model-checks/defaults.js';
export { checkInvalidParams, checkParameterRanges, checkUnknownParameter, outOfRangeValues } from './model-checks/validation.js';
export { checkFit, traceProblems, allowedDecrease } from './model-checks/fit-trace.js';
export { checkDeterminism } from './model-checks/determinism.js';
export { checkSample, checkScores, checkTransform } from './model-checks/shapes.js';
export { checkJsonRoundTrip, savedModelProblems } from './model-checks/json-round-trip.js';
export { checkCapabilities, checkViews } from './model-checks/capabilities.js';
export { viewProblems } from './model-checks/view-problems.js';
export { checkNoLeaks, checkNoLeaksOnCancel } from './model-checks/leaks.js';
export { checkCancellation } from './model-checks/cancellation.js';
export { inferencePluginChecks, type InferencePluginCheck } from './engine-checks/inference-plugin-checks.js';
export { runEngine, type EngineRun, type InferencePluginFixtures } from './engine-checks/engine-fixtures.js';
export { checkEngineContract } from './engine-checks/engine-contract.js';
export { checkEngineOnStep, checkEngineResult } from './engine-checks/engine-result.js';
export { checkEngineDeterminism, checkEngineRestarts } from './engine-checks/engine-restarts.js';
export { checkEngineCancellation, checkEngineNoLeaks } from './engine-checks/engine-cancellation.js';
export { estimatorPluginChecks, type EstimatorPluginCheck } from './estimator-checks/estimator-plugin-checks.js';
export { contextFor, sampleSite, type EstimatorPluginFixtures } from './estimator-checks/estimator-fixtures.js';
export { checkEstimatorContract } from './estimator-checks/estimator-contract.js';
export { checkEstimatorNoLeaks, checkEstimatorSamples } from './estimator-checks/estimator-samples.js';
export {
  checkEstimatorUnbiased,
  estimateGradient,
  GRADIENT_PROBLEMS,
  UNBIASED_RESOLUTION,
  UNBIASED_SIGMA_LIMIT,
  type GradientEstimates,
  type GradientProblem,
} from './estimator-checks/estimator-unbiased.js';
export { toyMixture } from './toy/toy-mixture.js';
export { THREE_MEANS_3D, toyMixtureData, type ToyMixtureDataOptions } from './toy/toy-mixture-data.js';
export { ToyMixtureFitted, TOY_MIXTURE_KEY } from './toy/toy-mixture-fitted.js';
export { toyMixtureDefaults, toyMixtureParamSpecs, type ToyMixtureParams } from './toy/toy-mixture-params.js';
export type { ToyMixtureState } from './toy/toy-mixture-terms.js';
export { toyGroups, TOY_GROUPS_KEY, type ToyGroupsParams } from './toy/toy-groups.js';
export { toyViews, toyViewsData } from './toy/toy-views.js';
export { ToyViewsFitted, TOY_VIEWS_KEY, type ToyViewsParams, type ToyViewsState } from './toy/toy-views-fitted.js';
