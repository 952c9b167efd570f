import { requireDense, type DenseDataset } from '@latentkit/core';
import { API_VERSION, defineModel, type EmTerms, type Fitted, type ParamSpec } from '@latentkit/registry';
import { meta } from '../meta.js';
import { meanTerms } from './toy-views.js';
import { ToyViewsFitted, type ToyViewsParams, type ToyViewsState } from './toy-views-fitted.js';

/** Registry key of the row-groups reference plugin. */
export const TOY_GROUPS_KEY = 'toy/groups';

/** Hyperparameters of `toy/groups`: the group value of the background rows. */
export interface ToyGroupsParams {
  /** The value of the data's group column that marks the background rows, e.g. `background`; the mean is fitted on these. */
  background: string;
}

/** The background rows of a dataset with row groups (a one-line error naming the value and the values found otherwise). */
function backgroundRows(data: DenseDataset, background: string): DenseDataset {
  const groups = data.groups;
  if (!groups) throw new Error(`${TOY_GROUPS_KEY} needs row groups`);
  const rows = groups.values.flatMap((g, i) => (g === background ? [i] : []));
  if (rows.length === 0)
    throw new Error(`${TOY_GROUPS_KEY}: no row of group '${background}' in '${groups.name}' (values: ${[...new Set(groups.values)].join(', ')})`);
  const d = data.nCols;
  const values = new Float64Array(rows.length * d);
  rows.forEach((i, r) => values.set(data.values.subarray(i * d, (i + 1) * d), r * d));
  return { ...data, nRows: rows.length, values };
}

/** `toy/views`' EM for x ~ N(μ, I), on the background rows only: μ = their column means. */
const backgroundMeanTerms = (background: string): EmTerms<ToyViewsState, DenseDataset, number[]> => ({
  ...meanTerms,
  prepare: (data) => backgroundRows(requireDense(data, TOY_GROUPS_KEY), background),
});

// A free-text value: the registry's ParamSpec has no plain string kind, so a JSON-Schema pattern accepts any non-empty text.
const BACKGROUND_SPEC = {
  type: 'string',
  pattern: '^\\S',
  examples: ['background'],
  description: 'Group value of the background rows.',
} as ParamSpec;

/** A fitted `toy/groups`: a `toy/views` model with one latent column, whose saved parameters are `toy/groups`' own. */
class ToyGroupsFitted extends ToyViewsFitted {
  override get latentDim(): number {
    return 1;
  }
}

/** `toy/groups`' parameters where the `toy/views` fitted class expects its own (it reads none of them but `latentDim`). */
const asViewsParams = (params: ToyGroupsParams): ToyViewsParams => params as unknown as ToyViewsParams;

/**
 * The row-groups reference plugin (`toy/groups`): declares `data.groups` and a `background` hyperparameter, and fits
 * x ~ N(μ, I) to the background rows only (μ = their column means), so that applications can test that row groups
 * and the background value reach a model. The fitted model is a `toy/views` one with one latent column.
 * @example
 * ```ts
 * const data = { ...toyViewsData(), groups: { name: 'g', values: ['bg', 'fg', 'bg', 'fg'] } };
 * const fitted = await registry.create('toy/groups', { background: 'bg' }).fit(data); // μ = mean of rows 1 and 3
 * ```
 */
export const toyGroups = defineModel<ToyGroupsParams, ToyViewsState>({
  meta: { ...meta, id: 'groups', namespace: 'toy', apiVersion: API_VERSION, description: 'Unit-covariance Gaussian of the background rows (needs row groups)' },
  params: { background: BACKGROUND_SPEC },
  defaults: { background: 'background' },
  data: { kind: 'dense', allowsMissing: false, minRows: 1, groups: true },
  supports: ['inference/em'],
  create: (params) => ({
    params,
    maxIter: 2,
    tol: 1e-9,
    terms: { em: backgroundMeanTerms(params.background) },
    fitted: (result, _data, info) => new ToyGroupsFitted(asViewsParams(params), result.state, info) as unknown as Fitted<ToyGroupsParams>,
  }),
  restore: ({ params, state, info, reader }) =>
    new ToyGroupsFitted(
      asViewsParams(params),
      { mean: reader.numbers((state as { mean?: unknown } | undefined)?.mean, info.data.nCols, 'mean') },
      info,
    ) as unknown as Fitted<ToyGroupsParams>,
});
