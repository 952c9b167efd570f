import { createRng, requireDense, type Dataset, type DenseDataset } from '@latentkit/core';
import { FittedBase, type LatentMatrix, type ModelView, type TransformOptions } from '@latentkit/registry';

/** Registry key of the capabilities reference plugin. */
export const TOY_VIEWS_KEY = 'toy/views';

/** Hyperparameters of `toy/views`. */
export interface ToyViewsParams {
  /** Number of latent columns K that `transform` returns (the first K centred coordinates). */
  nClusters: number;
  /** Maximum EM iterations, ≥ 1 (default 10); the fit converges in two (μ is exact after the first). */
  maxIter: number;
}

/** Fitted state of `toy/views`: the mean μ, one number per column. */
export interface ToyViewsState {
  /** The column means μ of the training rows, D numbers. */
  readonly mean: readonly number[];
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * A fitted `toy/views`: x ~ N(μ, I). It declares every optional capability of the contract (latent size, parameter
 * count, BIC/AIC and a further criterion, two latent layers, per-row scores, hard assignments, decoding) and one view of each kind, so that apps can be tested
 * against the capabilities without a real model.
 */
export class ToyViewsFitted extends FittedBase<ToyViewsParams, ToyViewsState> {
  readonly scoreNames: readonly string[] = ['logLikelihood'];

  protected stateJSON(): unknown {
    return { mean: [...this.state.mean] };
  }

  /** K = `nClusters`: the number of latent columns of layer 1 of `transform`. */
  get latentDim(): number {
    return this.params.nClusters;
  }

  /** p = D, the entries of μ. */
  get nParameters(): number {
    return this.state.mean.length;
  }

  /** log N(x_i | μ, I) = −½ Σ_j (x_ij − μ_j)² − (D/2) log 2π for each row. */
  scoreSamples(data: Dataset): Float64Array {
    const ds = this.dense(data);
    const d = ds.nCols;
    return Float64Array.from({ length: ds.nRows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (ds.values[i * d + j] - this.state.mean[j]) ** 2;
      return -0.5 * s - (d / 2) * LOG_2PI;
    });
  }

  score(data: Dataset): number {
    const ll = this.scoreSamples(data);
    return ll.reduce((a, b) => a + b, 0) / ll.length;
  }

  /** Every score the model computes on `data`, by name (`score` among them). */
  scores(data: Dataset): Record<string, number> {
    return { logLikelihood: this.score(data) };
  }

  /** −2 Σ_i log p(x_i) + p log N. */
  bic(data: Dataset): number {
    return -2 * data.nRows * this.score(data) + this.nParameters * Math.log(data.nRows);
  }

  /** −2 Σ_i log p(x_i) + 2p. */
  aic(data: Dataset): number {
    return -2 * data.nRows * this.score(data) + 2 * this.nParameters;
  }

  /**
   * Further criteria by name: the consistent AIC, CAIC = −2 Σ_i log p(x_i) + p (log N + 1) (Bozdogan 1987), so that
   * apps can rank fits by a criterion that is neither BIC nor AIC.
   */
  criteria(data: Dataset): Readonly<Record<string, number>> {
    return { caic: -2 * data.nRows * this.score(data) + this.nParameters * (Math.log(data.nRows) + 1) };
  }

  /** Two latent layers: the K centred coordinates (layer 1) and their mean (layer 2), for `transform`'s `layer`. */
  get latentLayers(): number {
    return 2;
  }

  /**
   * Layer 1 (default): z_ik = x_ik − μ_k for the first K columns (0 past the data's columns). Layer 2: one column
   * w_i = (1/K) Σ_k z_ik.
   * @throws Error naming the layer when it is not 1 or 2.
   */
  transform(data: Dataset, options: TransformOptions = {}): LatentMatrix {
    const layer = options.layer ?? 1;
    if (layer !== 1 && layer !== 2) throw new Error(`${TOY_VIEWS_KEY}: layer ${layer} does not exist; expected 1 or 2`);
    const ds = this.dense(data);
    const k = this.latentDim;
    const values = new Float64Array(ds.nRows * k);
    for (let i = 0; i < ds.nRows; i++) for (let c = 0; c < Math.min(k, ds.nCols); c++) values[i * k + c] = ds.values[i * ds.nCols + c] - this.state.mean[c];
    if (layer === 2) {
      const w = Float64Array.from({ length: ds.nRows }, (_, i) => values.subarray(i * k, (i + 1) * k).reduce((a, b) => a + b, 0) / k);
      return { nRows: ds.nRows, nCols: 1, values: w, columns: ['w1'] };
    }
    return { nRows: ds.nRows, nCols: k, values, columns: Array.from({ length: k }, (_, c) => `z${c + 1}`) };
  }

  /** The index of each row's largest latent coordinate. */
  predict(data: Dataset): Int32Array {
    const z = this.transform(data);
    return Int32Array.from({ length: z.nRows }, (_, i) => {
      let best = 0;
      for (let c = 1; c < z.nCols; c++) if (z.values[i * z.nCols + c] > z.values[i * z.nCols + best]) best = c;
      return best;
    });
  }

  /** x = μ + z in the first K columns. */
  decode(latents: LatentMatrix): DenseDataset {
    const d = this.state.mean.length;
    const values = new Float64Array(latents.nRows * d);
    for (let i = 0; i < latents.nRows; i++)
      for (let j = 0; j < d; j++) values[i * d + j] = this.state.mean[j] + (j < latents.nCols ? latents.values[i * latents.nCols + j] : 0);
    return { kind: 'dense', nRows: latents.nRows, nCols: d, values, columns: [...this.columns] };
  }

  sample(n: number, seed: number): DenseDataset {
    const rng = createRng(seed);
    const d = this.state.mean.length;
    const values = Float64Array.from({ length: n * d }, (_, q) => this.state.mean[q % d] + rng.normal());
    return { kind: 'dense', nRows: n, nCols: d, values, columns: [...this.columns], source: `samples of ${TOY_VIEWS_KEY}` };
  }

  /**
   * One view of each kind: μ as a heatmap, the columns ranked by |μ_j|, μ as a one-row image scaled to [0, 1], the graph
   * z_k → column k, the objective per iteration, and with `data` the rows' first two latent coordinates.
   */
  views(data?: Dataset): readonly ModelView[] {
    const mean = this.state.mean;
    const columns = this.columns;
    const [lo, hi] = [Math.min(...mean), Math.max(...mean)];
    const k = Math.min(this.latentDim, mean.length);
    const views: ModelView[] = [
      { kind: 'heatmap', title: 'mean', rowLabels: [...columns], columnLabels: ['μ'], values: [...mean], scale: 'diverging' },
      {
        kind: 'top-terms',
        title: 'columns by |mean|',
        groups: [{ label: 'mean', terms: columns.map((term, j) => ({ term, weight: Math.abs(mean[j]) })).sort((a, b) => b.weight - a.weight) }],
      },
      {
        kind: 'images',
        title: 'mean as an image',
        width: mean.length,
        height: 1,
        images: [{ label: 'μ', pixels: mean.map((m) => (hi > lo ? (m - lo) / (hi - lo) : 0)) }],
      },
      {
        kind: 'graph',
        title: 'latent to data',
        nodes: [
          ...Array.from({ length: k }, (_, c) => ({ id: `z${c + 1}`, group: 'latent' })),
          ...columns.map((c) => ({ id: `x:${c}`, label: c, group: 'data' })),
        ],
        edges: Array.from({ length: k }, (_, c) => ({ source: `z${c + 1}`, target: `x:${columns[c]}`, weight: 1 })),
      },
      {
        kind: 'line',
        title: 'objective',
        xLabel: 'iteration',
        yLabel: 'mean log-likelihood',
        series: [{ name: 'objective', x: this.trace.map((t) => t.iteration), y: this.trace.map((t) => t.objective) }],
      },
    ];
    if (data && this.latentDim >= 2) {
      const z = this.transform(data);
      const points = Array.from({ length: z.nRows }, (_, i) => ({ x: z.values[i * z.nCols], y: z.values[i * z.nCols + 1] }));
      views.push({ kind: 'scatter', title: 'latent coordinates', xLabel: 'z1', yLabel: 'z2', points });
    }
    return views;
  }

  private dense(data: Dataset): DenseDataset {
    const ds = requireDense(data, TOY_VIEWS_KEY);
    if (ds.nCols !== this.state.mean.length)
      throw new Error(`${TOY_VIEWS_KEY} was fitted to ${this.state.mean.length} columns, but ${ds.source ?? 'the data'} has ${ds.nCols}`);
    return ds;
  }
}
