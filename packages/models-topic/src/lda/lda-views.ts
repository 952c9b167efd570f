import type { HeatmapView, ModelView, TopTermsView } from '@latentkit/registry';
import type { TopicWords } from './lda-fitted.js';

/** Largest vocabulary drawn as a topic–word heatmap (K × V cells); larger vocabularies get the top terms only. */
export const MAX_HEATMAP_WORDS = 100;
const TOP_TERMS = 10;

/** What the views of a fitted LDA read. */
export interface LdaViewSource {
  /** Number of topics K and vocabulary size V. */
  readonly topics: {
    /** Number of topics K. */
    readonly k: number;
    /** Vocabulary size V. */
    readonly v: number;
  };
  /** The words of the vocabulary, V of them. */
  readonly columns: readonly string[];
  /** The `n` most probable words of every topic. */
  topWords(n: number): TopicWords[];
  /** β̂, K×V row-major, every row summing to 1. */
  topicWordDistribution(): Float64Array;
}

/**
 * The views of a fitted LDA: the 10 (`TOP_TERMS`) most probable words of every topic under β̂_k = λ_k / Σ_w λ_kw
 * (sorted by β̂_kw, largest first) and, when V ≤ {@link MAX_HEATMAP_WORDS}, the K × V heatmap of β̂.
 */
export function ldaViews(fitted: LdaViewSource): ModelView[] {
  const { k, v } = fitted.topics;
  const top: TopTermsView = {
    kind: 'top-terms',
    title: 'Top words per topic',
    description: 'The most probable words of each topic, weighted by β̂_kw = λ_kw / Σ_w λ_kw.',
    groups: fitted.topWords(TOP_TERMS).map((t) => ({ label: `topic${t.topic}`, terms: t.words.map((w) => ({ term: w.word, weight: w.probability })) })),
  };
  if (v > MAX_HEATMAP_WORDS) return [top];
  const heatmap: HeatmapView = {
    kind: 'heatmap',
    title: 'Topic–word distributions β̂',
    description: 'Row k is topic k’s distribution over the vocabulary, β̂_kw = λ_kw / Σ_w λ_kw.',
    rowLabels: Array.from({ length: k }, (_, t) => `topic${t + 1}`),
    columnLabels: [...fitted.columns],
    values: Array.from(fitted.topicWordDistribution()),
    scale: 'sequential',
  };
  return [top, heatmap];
}
