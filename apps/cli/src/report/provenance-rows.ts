import type { SavedModel } from '@latentkit/registry';

/** What the report says for a model file of format 1, which records no provenance. */
export const NO_PROVENANCE_NOTE = 'format 1 file: no provenance recorded';

const params = (p: Readonly<Record<string, unknown>>): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');

/**
 * The report's "Provenance" rows of a saved model of format 2: one row per package version, then the backend, the
 * threads the fit was allowed (when recorded), the seed, the engine and its resolved parameters, the resolved hyperparameters, the training data's hash, when the fit
 * finished and on which Node.js. A file of format 1 records none: {@link NO_PROVENANCE_NOTE}.
 * @example
 * ```ts
 * provenanceRows(fitted.toJSON()); // [['package @latentkit/models-mixture', '0.1.0'], …, ['data hash', 'sha256:…'], …]
 * ```
 */
export function provenanceRows(saved: SavedModel): [string, string | number][] | typeof NO_PROVENANCE_NOTE {
  const p = saved.provenance;
  if (!p) return NO_PROVENANCE_NOTE;
  return [
    ...Object.entries(p.packages).map(([name, version]): [string, string] => [`package ${name}`, version]),
    ['backend', p.backend],
    ...(p.threads ? [['threads', p.threads] as [string, number]] : []),
    ['seed', saved.fit.seed],
    ['engine', saved.fit.engine],
    ['engine parameters', saved.fit.engineParams ? params(saved.fit.engineParams) : 'not recorded'],
    ...(saved.fit.estimatorParams ? [['estimator parameters', params(saved.fit.estimatorParams)] as [string, string]] : []),
    ['hyperparameters', params(saved.params)],
    ['data hash', p.dataHash],
    ['created', p.createdAt],
    ['runtime', `Node.js ${p.runtime}`],
  ];
}
