import type { Fitted, SavedModel } from './contract.js';

/**
 * Mark a fitted model whose iteration count was fixed by design (`FitResult.fixedIterations`, or
 * `SavedModel.fit.fixedIterations` of a loaded file): `fitted.fixedIterations` becomes true and `toJSON()` records it
 * in `fit.fixedIterations`. The registry does this for every plugin, so plugins need not carry the flag themselves.
 * @example
 * ```ts
 * const fitted = markFixedIterations(instance.fitted(result, data), result.fixedIterations);
 * fitted.fixedIterations; // true for a Gibbs chain
 * ```
 */
export function markFixedIterations<F extends Fitted<any>>(fitted: F, fixed: boolean | undefined): F {
  if (!fixed) return fitted;
  const toJSON = fitted.toJSON.bind(fitted);
  const marked = (): SavedModel => {
    const saved = toJSON();
    return { ...saved, fit: { ...saved.fit, fixedIterations: true } };
  };
  if (!Object.isExtensible(fitted)) {
    // A frozen fitted model (a plugin's choice) cannot take own properties: answer the two through a proxy.
    return new Proxy(fitted, {
      get: (target, prop, receiver) => (prop === 'fixedIterations' ? true : prop === 'toJSON' ? marked : Reflect.get(target, prop, receiver)),
    });
  }
  Object.defineProperty(fitted, 'fixedIterations', { value: true, configurable: true });
  Object.defineProperty(fitted, 'toJSON', {
    configurable: true,
    writable: true,
    value: marked,
  });
  return fitted;
}
