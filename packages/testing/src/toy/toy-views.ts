import { requireDense, type DenseDataset } from '@latentkit/core';
import { API_VERSION, defineModel, int, type EmTerms } from '@latentkit/registry';
import { meta } from '../meta.js';
import { ToyViewsFitted, type ToyViewsParams, type ToyViewsState } from './toy-views-fitted.js';

/** EM for x ~ N(μ, I): the E-step evaluates the mean log-likelihood, the M-step sets μ to the column means. */
export const meanTerms: EmTerms<ToyViewsState, DenseDataset, number[]> = {
  prepare: (data) => requireDense(data, 'toy/views'),
  init: (ds) => ({ mean: new Array<number>(ds.nCols).fill(0) }),
  eStep(state, ds) {
    const d = ds.nCols;
    const means = new Array<number>(d).fill(0);
    let ss = 0;
    for (let i = 0; i < ds.nRows; i++)
      for (let j = 0; j < d; j++) {
        const v = ds.values[i * d + j];
        means[j] += v / ds.nRows;
        ss += (v - state.mean[j]) ** 2;
      }
    return { stats: means, objective: -0.5 * (ss / ds.nRows) - (d / 2) * Math.log(2 * Math.PI) };
  },
  mStep: (_state, means) => ({ mean: means }),
};

/**
 * Four rows of three columns `a`, `b`, `c` with column means μ = (2, 3, −2), on which `toy/views` has known numbers.
 * @example
 * ```ts
 * const fitted = await registry.create('toy/views', { nClusters: 2 }).fit(toyViewsData(), { seed: 0 }); // μ = (2, 3, −2)
 * ```
 */
export function toyViewsData(): DenseDataset {
  return { kind: 'dense', nRows: 4, nCols: 3, values: Float64Array.from([1, 2, -1, 3, 2, -3, 1, 5, -1, 3, 3, -3]), columns: ['a', 'b', 'c'] };
}

/**
 * The capabilities reference plugin (`toy/views`, plugin API 2): a Gaussian with unit covariance, x ~ N(μ, I), fitted
 * by `inference/em` in two iterations. Its fitted model declares every optional capability of `Fitted` (`latentDim` =
 * `nClusters`, `nParameters`, `bic`, `aic`, `scoreSamples`, `predict`, `decode`) and returns one view of each kind
 * from `views(data)`, so that applications (the report, the VS Code preview, `select`) can test what they do with
 * declared capabilities without depending on a real model.
 * @example
 * ```ts
 * const registry = createRegistry().register(em, toyViews);
 * const fitted = await registry.create('toy/views', { nClusters: 2 }).fit(data, { seed: 0 });
 * fitted.views?.(data).map((v) => v.kind); // ['heatmap', 'top-terms', 'images', 'graph', 'line', 'scatter']
 * ```
 */
export const toyViews = defineModel<ToyViewsParams, ToyViewsState>({
  meta: { ...meta, id: 'views', namespace: 'toy', apiVersion: API_VERSION, description: 'Unit-covariance Gaussian declaring every capability and view' },
  params: {
    nClusters: int({ min: 1, max: 10, description: 'Number of latent columns K (the first K centred coordinates).' }),
    maxIter: int({ min: 1, description: 'Maximum EM iterations.' }),
  },
  defaults: { nClusters: 2, maxIter: 10 },
  data: { kind: 'dense', allowsMissing: false, minRows: 1 },
  supports: ['inference/em'],
  create: (params) => ({
    params,
    maxIter: params.maxIter,
    tol: 1e-9,
    terms: { em: meanTerms },
    fitted: (result, _data, info) => new ToyViewsFitted(params, result.state, info),
  }),
  restore: ({ params, state, info, reader }) =>
    new ToyViewsFitted(params, { mean: reader.numbers((state as { mean?: unknown } | undefined)?.mean, info.data.nCols, 'mean') }, info),
});
