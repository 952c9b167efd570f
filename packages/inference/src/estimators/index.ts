export { defineEstimator, estimatorKey, stateless, type EstimatorInstance, type EstimatorPlugin } from './estimator-plugin.js';
export {
  createEstimator,
  estimatorParamsOf,
  estimatorPlugin,
  estimatorPlugins,
  knownEstimators,
  resolveEstimator,
  type EstimatorRequest,
} from './estimator-plugins.js';
export { reparam } from './reparam.js';
export { leaveOneOut, scoreFunction, type ScoreFunctionParams } from './score-function.js';
export { straightThrough } from './straight-through.js';
export { gumbelSoftmax } from './gumbel-softmax.js';
export { ScoreFunctionEstimator } from './score-function-estimator.js';
export { noBaseline, type Baseline } from './baselines/baseline.js';
export { MovingAverageBaseline } from './baselines/moving-average-baseline.js';
export { LearnedBaseline } from './baselines/learned-baseline.js';
export { leaveOneOutBaseline } from './baselines/leave-one-out-baseline.js';
export { stopGradient } from './stop-gradient.js';
export { GRADIENT_PROBLEM_CONSTANTS, GRADIENT_PROBLEMS, type GradientProblem } from './gradient-problems.js';
