import { oneOf } from '@latentkit/registry';
import { metric } from '../define-metric.js';
import { contingency, labelEntropy, mutualInfoFromContingency } from '../stats/contingency.js';
import { rowLabels } from '../stats/labels.js';

/** How NMI normalises: the arithmetic (default), geometric mean, minimum or maximum of the two entropies. */
export type AverageMethod = 'arithmetic' | 'geometric' | 'min' | 'max';

/** Parameters of `metrics/nmi`. */
export interface NmiParams {
  /** The mean of H(a) and H(b) that normalises I(a; b): `arithmetic` (default), `geometric`, `min` or `max`. */
  averageMethod: AverageMethod;
}

function average(a: number, b: number, method: AverageMethod): number {
  if (method === 'min') return Math.min(a, b);
  if (method === 'max') return Math.max(a, b);
  if (method === 'geometric') return Math.sqrt(a * b);
  return (a + b) / 2;
}

const { plugin, fn } = metric({
  id: 'nmi',
  description: 'Normalised mutual information between two labellings (scikit-learn normalized_mutual_info_score).',
  params: { averageMethod: oneOf(['arithmetic', 'geometric', 'min', 'max'], { description: 'Mean of the two entropies used as normaliser.' }) },
  defaults: { averageMethod: 'arithmetic' } as NmiParams,
  compute(truth, pred, params) {
    const a = rowLabels(truth);
    const b = rowLabels(pred);
    const settings = {
      /** Number of distinct labels of `truth`. */
      truthClasses: a.nClasses,
      /** Number of distinct labels of `pred`. */
      predClasses: b.nClasses,
    };
    if (a.nClasses === 1 && b.nClasses === 1)
      return {
        /** NMI = 1 when both labellings are trivial (one class each). */
        value: 1,
        /** The class counts. */
        settings,
      };
    const mi = mutualInfoFromContingency(contingency(a, b));
    if (mi === 0)
      return {
        /** NMI = 0 for independent labellings. */
        value: 0,
        /** `mutualInfo`: I(a; b) = 0. */
        parts: {
          /** I(a; b) in nats. */
          mutualInfo: 0,
        },
        /** The class counts. */
        settings,
      };
    const norm = Math.max(average(labelEntropy(a), labelEntropy(b), params.averageMethod), Number.EPSILON);
    return {
      /** NMI = I(a; b)/mean(H(a), H(b)), in [0, 1]. */
      value: mi / norm,
      /** `mutualInfo`: I(a; b). */
      parts: {
        /** I(a; b) in nats. */
        mutualInfo: mi,
      },
      /** The class counts. */
      settings,
    };
  },
});

/**
 * Normalised mutual information (`metrics/nmi`), as scikit-learn 1.2's `normalized_mutual_info_score`:
 * NMI = I(a; b)/mean(H(a), H(b)) in nats, the mean chosen by `averageMethod` (default arithmetic); 1 when both
 * labellings are trivial, 0 when I = 0. Labels from each input as in {@link adjustedRandIndex} (one column = labels,
 * several = row-wise argmax). Part: `mutualInfo`, I(a; b) in nats.
 * @example
 * ```ts
 * normalizedMutualInfo(trueClasses, responsibilities).value; // 0.29
 * ```
 */
export const normalizedMutualInfo = fn;
/** The `metrics/nmi` plugin; see {@link normalizedMutualInfo}. */
export const nmiPlugin = plugin;
