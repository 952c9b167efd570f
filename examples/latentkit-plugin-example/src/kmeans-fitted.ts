import { createRng, requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import { FittedBase, type FitInfo, type LatentMatrix, type ModelView, type ReportSection } from '@latentkit/registry';
import { KMEANS_KEY, meanSquaredDistance, nearestCenters, prepareKMeansData, type KMeansState } from './kmeans-terms.js';
import type { KMeansParams } from './kmeans-params.js';

/** What `sample` needs besides the centres, measured on the training data and saved with them. */
export interface KMeansSpread {
  /** Share of the training rows in each cluster. */
  readonly weights: readonly number[];
  /** Mean squared distance to the nearest centre on the training data, divided by D. */
  readonly variance: number;
}

/**
 * A fitted k-means model: K centres, with hard assignments as its latent representation. Everything but the maths
 * (fit info, trace, saved-model envelope, `dispose`) comes from {@link FittedBase}; `stateJSON` writes the centres and
 * the spread, which `restoreKMeans` reads back.
 */
export class FittedKMeans extends FittedBase<KMeansParams, KMeansState> {
  readonly scoreNames = ['negativeInertia'] as const;
  readonly spread: KMeansSpread;

  constructor(params: KMeansParams, state: KMeansState, info: FitInfo, spread: KMeansSpread) {
    super(params, state, info);
    this.spread = spread;
  }

  /** K: `transform` returns one column per cluster. */
  get latentDim(): number {
    return this.state.k;
  }
  /** Centres, K rows of D numbers. */
  get centers(): number[][] {
    const { k, d, centers } = this.state;
    return Array.from({ length: k }, (_, c) => Array.from(centers.subarray(c * d, (c + 1) * d)));
  }

  private aligned(data: Dataset): DenseDataset {
    return requireColumns(requireDense(data, KMEANS_KEY), this.columns, KMEANS_KEY);
  }

  /** Index of the nearest centre of every row (0-based). */
  predict(data: Dataset): Int32Array {
    const prepared = prepareKMeansData(this.aligned(data));
    try {
      return nearestCenters(prepared.x, prepared.xSq, this.state);
    } finally {
      prepared.x.dispose();
      prepared.xSq.dispose();
    }
  }

  /** −‖x_i − c_{z_i}‖² for every row, with z_i its nearest centre. */
  scoreSamples(data: Dataset): Float64Array {
    const { values, nRows, nCols: d } = this.aligned(data);
    const z = this.predict(data);
    const { centers } = this.state;
    return Float64Array.from({ length: nRows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (values[i * d + j] - centers[z[i] * d + j]) ** 2;
      return -s;
    });
  }

  /** Minus the mean squared distance to the nearest centre (higher is better, as every latentkit score). */
  score(data: Dataset): number {
    const ds = this.aligned(data);
    return -meanSquaredDistance(ds.values, ds.nRows, this.state, this.predict(ds));
  }

  scores(data: Dataset): Record<string, number> {
    return { negativeInertia: this.score(data) };
  }

  /** Hard responsibilities: row i has a 1 in the column of its nearest centre (N×K). */
  transform(data: Dataset): LatentMatrix {
    const assignment = this.predict(data);
    const { k } = this.state;
    const values = new Float64Array(assignment.length * k);
    assignment.forEach((c, i) => (values[i * k + c] = 1));
    return { nRows: assignment.length, nCols: k, values, columns: Array.from({ length: k }, (_, c) => `cluster${c + 1}`) };
  }

  /**
   * Draw `n` rows from the Gaussian mixture k-means approximates: a cluster with probability equal to its share of
   * the training rows, then its centre plus N(0, σ²I) noise with σ² the training inertia per dimension.
   */
  sample(n: number, seed: number): DenseDataset {
    const { k, d, centers } = this.state;
    const { weights, variance } = this.spread;
    const rng = createRng(seed);
    const values = new Float64Array(n * d);
    const labels: number[] = [];
    const sd = Math.sqrt(variance);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform();
      let c = 0;
      while (c < k - 1 && u >= weights[c]) u -= weights[c++];
      labels.push(c);
      for (let j = 0; j < d; j++) values[i * d + j] = centers[c * d + j] + sd * rng.normal();
    }
    return { kind: 'dense', nRows: n, nCols: d, values, columns: [...this.columns], labels, labelName: 'cluster', source: `samples of ${KMEANS_KEY}` };
  }

  /**
   * The model's own picture, which the HTML report and the VS Code preview draw without knowing k-means: the centres
   * as a heatmap, one row per cluster (labelled with its share of the training rows), one column per feature.
   */
  views(): ModelView[] {
    return [
      {
        kind: 'heatmap',
        title: 'Cluster centres',
        description: 'Centre c_k of each cluster (rows, with its share of the training rows) by feature (columns).',
        rowLabels: this.spread.weights.map((w, c) => `cluster${c + 1} (${(100 * w).toFixed(0)}%)`),
        columnLabels: [...this.columns],
        values: Array.from(this.state.centers),
        scale: 'diverging',
      },
    ];
  }

  /** Summary numbers and a table of the centres, for the HTML report and the VS Code preview. */
  report(data?: Dataset): ReportSection {
    const cols = this.columns;
    const summary: Record<string, string | number> = { clusters: this.state.k, iterations: this.iterations, converged: String(this.converged) };
    if (data) summary.inertiaPerSample = Number((-this.score(data)).toPrecision(6));
    return {
      title: `k-means (${KMEANS_KEY}, K = ${this.state.k})`,
      summary,
      tables: [
        {
          title: 'Centres',
          columns: ['cluster', 'share', ...cols],
          rows: this.centers.map((c, i) => [i + 1, Number(this.spread.weights[i].toPrecision(4)), ...c.map((v) => Number(v.toPrecision(6)))]),
        },
      ],
      plots: [],
    };
  }

  protected stateJSON(): unknown {
    return { centers: this.centers, weights: [...this.spread.weights], variance: this.spread.variance };
  }
}

/** The cluster shares and the noise variance of `state` on the training data. */
export function spreadOf(state: KMeansState, data: Dataset): KMeansSpread {
  const ds = requireDense(data, KMEANS_KEY);
  const prepared = prepareKMeansData(ds);
  let assignment: Int32Array;
  try {
    assignment = nearestCenters(prepared.x, prepared.xSq, state);
  } finally {
    prepared.x.dispose();
    prepared.xSq.dispose();
  }
  const weights = new Array<number>(state.k).fill(0);
  for (const c of assignment) weights[c] += 1 / ds.nRows;
  return { weights, variance: meanSquaredDistance(ds.values, ds.nRows, state, assignment) / state.d };
}
