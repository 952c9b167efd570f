import { lgamma, log1pexp } from '@latentkit/core';
import type { DdeFamily } from './dde-state.js';

/**
 * log p(x | η) of one observed cell, up to the terms that do not depend on η or γ:
 * Bernoulli x·η − log(1 + e^η); Poisson x·η − e^η (without −log x!); Normal −½·log(2πγ) − (x − η)²/(2γ).
 * Use {@link cellLogLikFull} where the constants matter (log-likelihoods, EBIC).
 */
export function cellLogLik(family: DdeFamily, x: number, eta: number, variance: number): number {
  if (family === 'bernoulli') return x * eta - log1pexp(eta);
  if (family === 'poisson') return x * eta - Math.exp(eta);
  return -0.5 * Math.log(2 * Math.PI * variance) - ((x - eta) * (x - eta)) / (2 * variance);
}

const logFactorial = (() => {
  const cache: number[] = [0];
  return (n: number): number => {
    if (n >= 256) return lgamma(n + 1);
    for (let k = cache.length; k <= n; k++) cache.push(cache[k - 1] + Math.log(k));
    return cache[n];
  };
})();

/** log p(x | η) of one observed cell with every constant (Poisson's −log x!). */
export function cellLogLikFull(family: DdeFamily, x: number, eta: number, variance: number): number {
  return family === 'poisson' ? cellLogLik(family, x, eta, variance) - logFactorial(x) : cellLogLik(family, x, eta, variance);
}
