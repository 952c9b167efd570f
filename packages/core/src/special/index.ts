export { lgamma, logBeta, lnMultivariateGamma } from './lgamma.js';
export { digamma, trigamma } from './digamma.js';
export { logSumExp, logSumExpRows } from './log-sum-exp.js';
export { log1pexp, softplus, sigmoid, logit, log1mexp } from './logistic.js';
export { lgammaT } from './lgamma-tensor.js';
export { digammaT } from './digamma-tensor.js';
export { log1pexpT } from './log1pexp-tensor.js';
export { log1pT } from './log1p-tensor.js';
