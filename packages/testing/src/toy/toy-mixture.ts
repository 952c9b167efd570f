import { API_VERSION, defineModel, type ModelInstance } from '@latentkit/registry';
import { meta } from '../meta.js';
import { ToyMixtureFitted } from './toy-mixture-fitted.js';
import { toyMixtureDefaults, toyMixtureParamSpecs, type ToyMixtureParams } from './toy-mixture-params.js';
import { restoreToyMixture } from './toy-mixture-restore.js';
import { toyMixtureTerms, type ToyMixtureState } from './toy-mixture-terms.js';

function createToyMixture(params: ToyMixtureParams): ModelInstance<ToyMixtureParams, ToyMixtureState> {
  return {
    params,
    restarts: params.nInit,
    maxIter: params.maxIter,
    tol: params.tol,
    terms: { em: toyMixtureTerms(params) },
    fitted: (result, _data, info) => new ToyMixtureFitted(params, result.state, info),
  };
}

/**
 * The reference plugin of the conformance suite (`toy/mixture`): a mixture of K Gaussians with a known, shared
 * variance, p(x) = Σ_k π_k N(x | μ_k, σ²I), fitted by `inference/em`. It passes every check of
 * {@link checkModelPlugin} in a few milliseconds, so it serves as a template for plugin authors and as the model
 * that exercises an inference engine in {@link checkInferencePlugin}. `create` returns a plain object, so tests can
 * derive broken variants by spreading it.
 * @example
 * ```ts
 * const registry = createRegistry().register(em, toyMixture);
 * const fitted = await registry.create('toy/mixture', { nComponents: 2 }).fit(toyMixtureData(), { seed: 0 });
 * ```
 */
export const toyMixture = defineModel<ToyMixtureParams, ToyMixtureState>({
  meta: {
    ...meta,
    id: 'mixture',
    namespace: 'toy',
    apiVersion: API_VERSION,
    description: 'Gaussian mixture with known variance (conformance-suite reference)',
  },
  params: toyMixtureParamSpecs,
  defaults: toyMixtureDefaults,
  data: { kind: 'dense', allowsMissing: false, minRows: 1 },
  supports: ['inference/em'],
  create: createToyMixture,
  restore: restoreToyMixture,
});
