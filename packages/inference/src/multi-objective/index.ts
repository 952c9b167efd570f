export { SENER_KOLTUN_CLIP, minNormPair, minNormWeights, type MinNormOptions } from './min-norm.js';
export { mgdaDirection, sharedGram, type MgdaDirection, type TaskGradients, type TaskSpecificGrad } from './mgda-direction.js';
export { initialDual, updateDual, type DualSettings, type DualState } from './lagrangian-dual.js';
