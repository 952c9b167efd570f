export type { Distribution, ReparameterizedDistribution, ParamInput, NestedNumbers, LogitsOrProbs } from './distribution.js';
export { hasRsample } from './distribution.js';
export { Normal, normalKl, normalLogProb, normalRsample } from './normal.js';
export { MultivariateNormal, type MultivariateNormalParams } from './multivariate-normal.js';
export { Bernoulli, bernoulliLogProb, type BernoulliParams } from './bernoulli.js';
export { Categorical, oneHotCategoricalLogProb, oneHotCategoricalSample, type CategoricalParams } from './categorical.js';
export { Poisson, poissonLogProb } from './poisson.js';
export { NegativeBinomial, negativeBinomialLogProb, type NegativeBinomialParams } from './negative-binomial.js';
export { Dirichlet } from './dirichlet.js';
export { Beta } from './beta.js';
export { Gamma } from './gamma.js';
export { Laplace } from './laplace.js';
export { RelaxedBernoulli, type RelaxedBernoulliParams } from './relaxed-bernoulli.js';
export { RelaxedCategorical, type RelaxedCategoricalParams } from './relaxed-categorical.js';
export { klDivergence } from './kl.js';
export {
  categoricalVariate,
  cumulativeProbabilities,
  dirichletVariate,
  gammaVariate,
  logGammaVariate,
  negativeBinomialVariate,
  poissonVariate,
} from './random-variates.js';
