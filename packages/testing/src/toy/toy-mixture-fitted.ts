import { createRng, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import { FittedBase, type LatentMatrix, type ModelView } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import type { ToyMixtureParams } from './toy-mixture-params.js';
import { logJoint, type ToyMixtureState } from './toy-mixture-terms.js';

/** Registry key of the reference plugin. */
export const TOY_MIXTURE_KEY = 'toy/mixture';

/** A fitted `toy/mixture`; owns the two state tensors until `dispose()`. Its bookkeeping is {@link FittedBase}'s. */
export class ToyMixtureFitted extends FittedBase<ToyMixtureParams, ToyMixtureState> {
  readonly scoreNames: readonly string[] = ['logLikelihood', 'bic'];

  /** K: `transform` returns one responsibility per component. */
  get latentDim(): number {
    return this.state.means.shape[0];
  }
  /** p = K·D + K − 1 (the means and the free weights; σ² is known). */
  get nParameters(): number {
    const [k, d] = this.state.means.shape;
    return k * d + k - 1;
  }

  /** Per-row log-likelihood (N) and responsibilities (N×K), read outside tidy. */
  private evaluate(data: Dataset): { ll: Float32Array; resp: Float32Array } {
    const ds = requireDense(data, TOY_MIXTURE_KEY);
    const d = this.state.means.shape[1];
    if (ds.nCols !== d) throw new Error(`${TOY_MIXTURE_KEY} was fitted to ${d} columns, but ${ds.source ?? 'the data'} has ${ds.nCols}`);
    const [llT, respT] = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(ds.values), [ds.nRows, d]);
      const joint = logJoint(x, tf.sum(tf.square(x), 1, true), this.state, this.params.variance);
      const ll = tf.logSumExp(joint, 1, true);
      return [ll, tf.exp(tf.sub(joint, ll))];
    });
    const out = { ll: Float32Array.from(llT.dataSync()), resp: Float32Array.from(respT.dataSync()) };
    tf.dispose([llT, respT]);
    return out;
  }

  /** log p(x_i) = log Σ_k π_k N(x_i | μ_k, σ²I) for every row. */
  scoreSamples(data: Dataset): Float64Array {
    return Float64Array.from(this.evaluate(data).ll);
  }

  /** Mean log-likelihood per row (1/N) Σ_i log Σ_k π_k N(x_i | μ_k, σ²I). */
  score(data: Dataset): number {
    const { ll } = this.evaluate(data);
    let s = 0;
    for (const v of ll) s += v;
    return s / ll.length;
  }

  /** BIC = −2N·score + p log N (lower is better). */
  bic(data: Dataset): number {
    return -2 * data.nRows * this.score(data) + this.nParameters * Math.log(data.nRows);
  }

  /** AIC = −2N·score + 2p (lower is better). */
  aic(data: Dataset): number {
    return -2 * data.nRows * this.score(data) + 2 * this.nParameters;
  }

  /** The mean log-likelihood and {@link ToyMixtureFitted.bic}. */
  scores(data: Dataset): Record<string, number> {
    return { logLikelihood: this.score(data), bic: this.bic(data) };
  }

  /** Responsibilities r_ik, N×K. */
  transform(data: Dataset): LatentMatrix {
    const { resp } = this.evaluate(data);
    const k = this.state.means.shape[0];
    return { nRows: resp.length / k, nCols: k, values: Float64Array.from(resp), columns: Array.from({ length: k }, (_, c) => `component${c + 1}`) };
  }

  /** The most probable component of every row (0-based). */
  predict(data: Dataset): Int32Array {
    const { values, nRows, nCols } = this.transform(data);
    return Int32Array.from({ length: nRows }, (_, i) => {
      let best = 0;
      for (let c = 1; c < nCols; c++) if (values[i * nCols + c] > values[i * nCols + best]) best = c;
      return best;
    });
  }

  /** Draw z ~ Categorical(π), then x = μ_z + σε with ε ~ N(0, I). */
  sample(n: number, seed: number): DenseDataset {
    const [k, d] = this.state.means.shape;
    const means = this.state.means.dataSync();
    const weights = Array.from(this.state.logWeights.dataSync(), Math.exp);
    const rng = createRng(seed);
    const sd = Math.sqrt(this.params.variance);
    const values = new Float64Array(n * d);
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      let u = rng.uniform() * weights.reduce((a, b) => a + b, 0);
      let c = 0;
      while (c < k - 1 && u >= weights[c]) u -= weights[c++];
      labels.push(c);
      for (let j = 0; j < d; j++) values[i * d + j] = means[c * d + j] + sd * rng.normal();
    }
    return { kind: 'dense', nRows: n, nCols: d, values, columns: [...this.columns], labels, labelName: 'component', source: `samples of ${TOY_MIXTURE_KEY}` };
  }

  /** The means μ_k as a heatmap (components × columns). */
  views(): ModelView[] {
    const [k] = this.state.means.shape;
    return [
      {
        kind: 'heatmap',
        title: 'Component means',
        rowLabels: Array.from({ length: k }, (_, c) => `component${c + 1}`),
        columnLabels: [...this.columns],
        values: Array.from(this.state.means.dataSync()),
      },
    ];
  }

  protected stateJSON(): unknown {
    const [k, d] = this.state.means.shape;
    const means = Array.from(this.state.means.dataSync());
    return { means: Array.from({ length: k }, (_, c) => means.slice(c * d, (c + 1) * d)), logWeights: Array.from(this.state.logWeights.dataSync()) };
  }

  override dispose(): void {
    tf.dispose([this.state.means, this.state.logWeights]);
  }
}
