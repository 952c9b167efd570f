export { maximiseDde, PROB_CLIP, VARIANCE_FLOOR, type DdeMstepOptions, type DdeMstepResult } from './dde-mstep.js';
export { coefficientBox, type CoefficientBox } from './coefficient-box.js';
export { normalObjective, patternObjective, residualSumOfSquares, type ChildObjective } from './child-objective.js';
export { proxNewtonBox, PROX_NEWTON_LIMITS } from './prox-newton.js';
export { fitTlp, tlpPenalty, TLP_DC_ROUNDS } from './tlp-fit.js';
