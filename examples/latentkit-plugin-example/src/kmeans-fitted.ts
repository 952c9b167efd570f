import { createRng, requireColumns, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import { validateParams, type FitResult, type Fitted, type LatentMatrix, type ReportSection, type SavedModel, type TraceEntry } from '@latentkit/registry';
import { meta } from './meta.js';
import { kmeansDefaults, kmeansParamSpecs, type KMeansParams } from './kmeans-params.js';
import { KMEANS_KEY, meanSquaredDistance, nearestCenters, prepareKMeansData, type KMeansState } from './kmeans-terms.js';

/** Fit bookkeeping kept with the centres. */
export interface KMeansFitInfo {
  readonly engine: string;
  readonly seed: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly seconds: number;
  readonly trace: readonly TraceEntry[];
  readonly columns: readonly string[];
  readonly nRows: number;
  readonly source?: string;
  /** Share of the training rows in each cluster (used by `sample`). */
  readonly weights: readonly number[];
  /** Mean squared distance to the nearest centre on the training data, divided by D (used by `sample`). */
  readonly variance: number;
}

/** A fitted k-means model: K centres, with hard assignments as its latent representation. */
export class FittedKMeans implements Fitted<KMeansParams> {
  readonly key = KMEANS_KEY;
  readonly scoreNames = ['negativeInertia'] as const;
  readonly params: KMeansParams;
  readonly state: KMeansState;
  readonly info: KMeansFitInfo;

  constructor(params: KMeansParams, state: KMeansState, info: KMeansFitInfo) {
    this.params = params;
    this.state = state;
    this.info = info;
  }

  get trace(): readonly TraceEntry[] {
    return this.info.trace;
  }
  get iterations(): number {
    return this.info.iterations;
  }
  get converged(): boolean {
    return this.info.converged;
  }
  /** Centres, K rows of D numbers. */
  get centers(): number[][] {
    const { k, d, centers } = this.state;
    return Array.from({ length: k }, (_, c) => Array.from(centers.subarray(c * d, (c + 1) * d)));
  }

  private aligned(data: Dataset): DenseDataset {
    return requireColumns(requireDense(data, KMEANS_KEY), this.info.columns, KMEANS_KEY);
  }

  /** Index of the nearest centre of every row (0-based). */
  predict(data: Dataset): Int32Array {
    const ds = this.aligned(data);
    const prepared = prepareKMeansData(ds);
    try {
      return nearestCenters(prepared.x, prepared.xSq, this.state);
    } finally {
      prepared.x.dispose();
      prepared.xSq.dispose();
    }
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
    const rng = createRng(seed);
    const values = new Float64Array(n * d);
    const labels: number[] = [];
    const sd = Math.sqrt(this.info.variance);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform();
      let c = 0;
      while (c < k - 1 && u >= this.info.weights[c]) u -= this.info.weights[c++];
      labels.push(c);
      for (let j = 0; j < d; j++) values[i * d + j] = centers[c * d + j] + sd * rng.normal();
    }
    return { kind: 'dense', nRows: n, nCols: d, values, columns: [...this.info.columns], labels, labelName: 'cluster', source: `samples of ${KMEANS_KEY}` };
  }

  toJSON(): SavedModel {
    const { engine, seed, iterations, converged, seconds, trace, columns, nRows, source, weights, variance } = this.info;
    return {
      format: 'latentkit-model',
      formatVersion: 1,
      key: KMEANS_KEY,
      plugin: { name: meta.name, version: meta.version },
      params: { ...this.params },
      data: { kind: 'dense', nCols: this.state.d, columns: [...columns], nRows, ...(source && { source }) },
      fit: { engine, seed, iterations, converged, seconds, trace },
      state: { centers: this.centers, weights: [...weights], variance },
    };
  }

  /** Summary numbers and a table of the centres, for the HTML report and the VS Code preview. */
  report(data?: Dataset): ReportSection {
    const cols = this.info.columns;
    const summary: Record<string, string | number> = { clusters: this.state.k, iterations: this.iterations, converged: String(this.converged) };
    if (data) summary.inertiaPerSample = Number((-this.score(data)).toPrecision(6));
    return {
      title: `k-means (${KMEANS_KEY}, K = ${this.state.k})`,
      summary,
      tables: [
        {
          title: 'Centres',
          columns: ['cluster', 'share', ...cols],
          rows: this.centers.map((c, i) => [i + 1, Number(this.info.weights[i].toPrecision(4)), ...c.map((v) => Number(v.toPrecision(6)))]),
        },
      ],
      plots: [],
    };
  }

  dispose(): void {}
}

/** Wrap the engine's result, computing the cluster shares and the noise variance on the training data. */
export function kmeansFromResult(params: KMeansParams, result: FitResult<KMeansState>, data: Dataset): FittedKMeans {
  const ds = requireDense(data, KMEANS_KEY);
  const prepared = prepareKMeansData(ds);
  let assignment: Int32Array;
  try {
    assignment = nearestCenters(prepared.x, prepared.xSq, result.state);
  } finally {
    prepared.x.dispose();
    prepared.xSq.dispose();
  }
  const { k, d } = result.state;
  const weights = new Array<number>(k).fill(0);
  for (const c of assignment) weights[c] += 1 / ds.nRows;
  const variance = meanSquaredDistance(ds.values, ds.nRows, result.state, assignment) / d;
  const { engine, seed, iterations, converged, seconds, trace } = result;
  return new FittedKMeans(params, result.state, {
    engine,
    seed,
    iterations,
    converged,
    seconds,
    trace,
    columns: [...ds.columns],
    nRows: ds.nRows,
    ...(ds.source && { source: ds.source }),
    weights,
    variance,
  });
}

const isNumbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Rebuild a fitted model from its saved JSON, checking the shapes. */
export function loadKMeans(saved: SavedModel): FittedKMeans {
  const params = validateParams(KMEANS_KEY, kmeansParamSpecs, kmeansDefaults, saved.params);
  const { centers, weights, variance } = (saved.state ?? {}) as { centers?: unknown; weights?: unknown; variance?: unknown };
  const k = params.nClusters;
  const d = saved.data.nCols;
  if (!Array.isArray(centers) || centers.length !== k || !centers.every((row) => isNumbers(row, d)) || !isNumbers(weights, k) || typeof variance !== 'number') {
    throw new Error(`${KMEANS_KEY} model file: state must hold ${k} centers of ${d} numbers, ${k} weights and a variance`);
  }
  const { engine, seed, iterations, converged, seconds, trace } = saved.fit;
  return new FittedKMeans(
    params,
    { centers: Float64Array.from(centers.flat()), k, d },
    {
      engine,
      seed,
      iterations,
      converged,
      seconds,
      trace,
      columns: saved.data.columns,
      nRows: saved.data.nRows,
      ...(saved.data.source && { source: saved.data.source }),
      weights,
      variance,
    },
  );
}
