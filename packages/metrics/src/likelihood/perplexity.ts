import { metric } from '../define-metric.js';
import { cellLogLikelihood } from './log-likelihood.js';

/** `metrics/perplexity` has no parameters. */
export type PerplexityParams = Record<string, never>;

const { plugin, fn } = metric({
  id: 'perplexity',
  description: 'Per-word perplexity exp(-Σ x log p / Σ x) of held-out counts under predicted word distributions (document completion).',
  params: {},
  defaults: {} as PerplexityParams,
  align: 'shape',
  compute(truth, pred, _params, key) {
    const cells = cellLogLikelihood(key, truth, pred, 'categorical', 1);
    const ll = cells.reduce((a, b) => a + b, 0);
    const words = truth.values.reduce((a, b) => a + b, 0);
    if (words === 0) throw new Error(`${key}: ${truth.name} has no counts, so perplexity is undefined`);
    return {
      /** exp(−Σ x log p̂ / Σ x), the per-word perplexity (≥ 1; lower is better). */
      value: Math.exp(-ll / words),
      /** The log-likelihood and the word count it is over. */
      parts: {
        /** Σ_dw x_dw·log p̂_dw, in nats. */
        logLikelihood: ll,
        /** Σ_dw x_dw, the number of held-out words. */
        words,
      },
    };
  },
});

/**
 * Per-word perplexity (`metrics/perplexity`) in the document-completion form: exp(−Σ_dw x_dw·log p̂_dw / Σ_dw x_dw)
 * with `truth` = held-out counts x (documents × words, e.g. the held-out 20% of each test document's words) and
 * `pred` = the model's predicted word weights (documents × words, e.g. θ̂·β̂ from the observed 80%), normalised per
 * row to p̂. Lower is better; a uniform p̂ gives the vocabulary size. This is not scikit-learn's LDA `perplexity`,
 * which uses a variational bound including a corpus-level prior term (scikit-learn #20032).
 * A zero p̂ where a word was observed is an error. Parts: `logLikelihood` (Σ x log p̂), `words` (Σ x).
 * @example
 * ```ts
 * perplexity(heldOutCounts, docTopic × topicWord).value;
 * ```
 */
export const perplexity = fn;
/** The `metrics/perplexity` plugin; see {@link perplexity}. */
export const perplexityPlugin = plugin;
