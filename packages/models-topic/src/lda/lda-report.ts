import type { Dataset } from '@latentkit/core';
import type { ReportSection } from '@latentkit/registry';
import type { FittedLda } from './lda-fitted.js';

const MAX_DOCS = 400;
const TOP_WORDS = 10;
const round = (x: number): number => Number(x.toPrecision(6));
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * Report section of a fitted LDA: a table of the top words per topic, the perplexity per iteration (variational
 * engines: exp(−bound per word) of the training E-step; Gibbs: the log joint per token of each sample), and, with
 * data, the document-topic proportions of every document (in row order) and the held-out scores.
 */
export function ldaReport(fitted: FittedLda, data?: Dataset): ReportSection {
  const { k, v, lambda } = fitted.topics;
  const gibbs = fitted.info.engine === 'inference/gibbs';
  const summary: Record<string, string | number> = {
    topics: k,
    vocabulary: v,
    engine: fitted.info.engine,
    iterations: fitted.iterations,
    converged: String(fitted.converged),
    docTopicPrior: round(fitted.alpha),
    topicWordPrior: round(fitted.eta),
  };
  const tokens = Array.from({ length: k }, (_, t) => {
    let s = 0;
    for (let w = 0; w < v; w++) s += lambda[t * v + w] - fitted.eta;
    return s;
  });
  const totalTokens = tokens.reduce((a, b) => a + b, 0);
  const table = {
    title: `Top ${TOP_WORDS} words per topic (by β̂_kw = λ_kw / Σ_w λ_kw)`,
    columns: ['topic', 'share of tokens', 'top words'],
    rows: fitted.topWords(TOP_WORDS).map((t) => [t.topic, round(tokens[t.topic - 1] / totalTokens), t.words.map((w) => w.word).join(' ')]),
  };
  const trace = fitted.trace.map((e) => ({
    iteration: e.iteration,
    value: gibbs ? e.objective : Math.exp(-e.objective),
    restart: `init ${(e.restart ?? 0) + 1}`,
  }));
  const plots: ReportSection['plots'][number][] = [
    {
      title: gibbs ? 'Log joint p(w, z) per token after each Gibbs sweep' : 'Perplexity per iteration: exp(−bound per word) of the training E-step',
      spec: {
        $schema: SCHEMA,
        width: 420,
        height: 240,
        data: { values: trace },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'iteration', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: gibbs ? 'log p(w, z) / tokens (nats)' : 'perplexity' },
          color: { field: 'restart', type: 'nominal' },
        },
      },
    },
  ];
  if (data && data.nCols === v && data.nRows > 0) {
    const scores = fitted.scores(data);
    summary.perplexity = round(scores.perplexity);
    summary.documentCompletionPerplexity = round(scores.documentCompletionPerplexity);
    summary.boundPerWord = round(scores.boundPerWord);
    const z = fitted.transform(data);
    const step = Math.max(1, Math.ceil(z.nRows / MAX_DOCS));
    const values = [];
    for (let d = 0; d < z.nRows; d += step) {
      for (let t = 0; t < k; t++) values.push({ document: d + 1, topic: `topic ${t + 1}`, proportion: round(z.values[d * k + t]) });
    }
    plots.push({
      title: `Document-topic proportions (transform), documents in row order${step > 1 ? `, every ${step}th` : ''}`,
      spec: {
        $schema: SCHEMA,
        width: 520,
        height: 260,
        data: { values },
        mark: { type: 'area' },
        encoding: {
          x: { field: 'document', type: 'quantitative', title: 'document (row)' },
          y: { field: 'proportion', type: 'quantitative', stack: 'normalize', title: 'topic proportion' },
          color: { field: 'topic', type: 'nominal', sort: null },
        },
      },
    });
  }
  return { title: `Latent Dirichlet allocation (topic/lda, K = ${k})`, summary, tables: [table], plots };
}
