import type { Dataset } from '@latentkit/core';
import type { Fitted, LatentMatrix, Registry } from '@latentkit/registry';
import type { MetricRow } from '../webviews/latent-preview/protocol.js';
import { isSimplex } from './latent-scatter.js';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Metric plugins that compare two labellings (one label per row); applied to cluster assignments against the label column. */
export const LABEL_METRICS = ['metrics/ari', 'metrics/nmi'];

/** Metric plugins that compare true latent factors with estimated ones (identifiability, disentanglement). */
export const FACTOR_METRICS = ['metrics/mcc', 'metrics/block-r2', 'metrics/mig', 'metrics/sap', 'metrics/dci'];

/** Labels as a one-column matrix of integer codes, numbered in order of first appearance. */
export function labelCodes(labels: readonly (string | number)[]): LatentMatrix {
  const codes = new Map<string | number, number>();
  const values = Float64Array.from(labels, (l) => {
    if (!codes.has(l)) codes.set(l, codes.size);
    return codes.get(l)!;
  });
  return { nRows: labels.length, nCols: 1, values, columns: ['label'] };
}

/**
 * The metrics available for the data: the model's own scores (`fitted.scores`: mean log-likelihood, ELBO,
 * perplexity, …) on the training rows and, with a split, on the test rows; then, among the registered metric
 * plugins, the label metrics ({@link LABEL_METRICS}) of the most probable cluster against the label column when the
 * latent is a probability vector (mixtures, topic proportions, hard clusters), and the factor metrics
 * ({@link FACTOR_METRICS}) of the latent against the data's ground-truth factors when it has them. A metric that
 * throws (its input checks fail) is left out.
 */
export function previewMetrics(
  registry: Registry,
  fitted: Fitted,
  train: Dataset,
  test: Dataset | undefined,
  latentTrain: LatentMatrix | undefined,
): MetricRow[] {
  const rows: MetricRow[] = [];
  const trainScores = fitted.scores(train);
  const testScores = test ? fitted.scores(test) : {};
  for (const name of new Set([...Object.keys(trainScores), ...Object.keys(testScores)])) {
    rows.push({ name, ...(finite(trainScores[name]) && { train: trainScores[name] }), ...(finite(testScores[name]) && { test: testScores[name] }) });
  }
  if (!latentTrain || train.kind !== 'dense') return rows;
  const apply = (keys: readonly string[], truth: LatentMatrix, note: string): void => {
    for (const key of keys) {
      if (!registry.has(key) || registry.get(key).kind !== 'metric') continue;
      const plugin = registry.metric(key);
      try {
        const result = plugin.compute({ truth, pred: latentTrain }, plugin.defaults);
        if (finite(result.value)) rows.push({ name: key, train: result.value, note });
      } catch {
        // Not applicable to this latent (its input checks failed).
      }
    }
  };
  if (train.labels && isSimplex(latentTrain)) apply(LABEL_METRICS, labelCodes(train.labels), `most probable cluster vs '${train.labelName ?? 'label'}'`);
  if (train.factors && !isSimplex(latentTrain)) {
    const { names, values } = train.factors;
    apply(FACTOR_METRICS, { nRows: train.nRows, nCols: names.length, values, columns: names }, 'latent vs ground-truth factors');
  }
  return rows;
}
