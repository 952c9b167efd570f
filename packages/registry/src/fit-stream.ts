import type { DenseDataset, RowSource } from '@latentkit/core';
import type { InferencePlugin, ModelInstance, ModelPlugin } from './contract.js';

/**
 * Why `key` cannot be fitted to streamed rows by `engineKey`, in one line, or undefined when it can: the engine must
 * have `fitStream`, every terms object it requires must declare `stream`, the model must take dense rows (or counts,
 * which a model also reads from dense rows of non-negative integers) and have no data-dependent defaults
 * (`resolveParams` reads the data in memory).
 */
export function streamProblem(
  key: string,
  plugin: ModelPlugin,
  instance: ModelInstance<unknown>,
  engineKey: string,
  engine: InferencePlugin,
): string | undefined {
  const why = (reason: string) => `${key} cannot be fitted to streamed data (--stream): ${reason}; fit it in memory`;
  if (plugin.data.kind !== 'dense' && plugin.data.kind !== 'counts') return why(`it reads ${plugin.data.kind}, and streamed sources give dense rows`);
  if (plugin.resolveParams) return why('its defaults depend on the data in memory');
  if (!engine.fitStream) return why(`its engine ${engineKey} does not stream`);
  const terms = instance.terms as Record<string, { stream?: unknown } | undefined>;
  const lacking = engine.requires.filter((t) => !terms[t]?.stream);
  if (lacking.length) return why(`with these settings it has no streamed ${lacking.join(', ')} terms`);
  return undefined;
}

/** The data's shape as a fitted model records it (`FitInfo.data`), for a source after its passes; no values. */
export function streamedShape(source: RowSource): DenseDataset {
  return { kind: 'dense', nRows: source.nRows ?? 0, nCols: source.nCols, values: new Float64Array(0), columns: source.columns, source: source.source };
}
