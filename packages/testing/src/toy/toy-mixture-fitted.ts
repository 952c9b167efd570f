import { createRng, type Dataset, type DenseDataset, requireDense } from '@latentkit/core';
import type { FitResult, Fitted, LatentMatrix, SavedModel, TraceEntry } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { meta } from '../meta.js';
import type { ToyMixtureParams } from './toy-mixture-params.js';
import { logJoint, type ToyMixtureState } from './toy-mixture-terms.js';

/** Registry key of the reference plugin. */
export const TOY_MIXTURE_KEY = 'toy/mixture';

/** Fit bookkeeping saved with the parameters. */
export interface ToyFitInfo {
  readonly engine: string;
  readonly seed: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly seconds: number;
  readonly trace: readonly TraceEntry[];
  readonly columns: readonly string[];
  readonly nRows: number;
}

/** A fitted `toy/mixture`; owns the two state tensors until `dispose()`. */
export class ToyMixtureFitted implements Fitted<ToyMixtureParams> {
  readonly key = TOY_MIXTURE_KEY;
  readonly scoreNames: readonly string[] = ['logLikelihood', 'bic'];
  readonly params: ToyMixtureParams;
  readonly state: ToyMixtureState;
  readonly info: ToyFitInfo;

  constructor(params: ToyMixtureParams, state: ToyMixtureState, info: ToyFitInfo) {
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

  /** Per-row log-likelihood (N) and responsibilities (N×K), read outside tidy. */
  private evaluate(data: Dataset): { ll: Float32Array; resp: Float32Array } {
    const ds = requireDense(data, 'toy/mixture');
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

  /** Mean log-likelihood per row (1/N) Σ_i log Σ_k π_k N(x_i | μ_k, σ²I). */
  score(data: Dataset): number {
    const { ll } = this.evaluate(data);
    let s = 0;
    for (const v of ll) s += v;
    return s / ll.length;
  }

  /** The mean log-likelihood and BIC = −2N·score + p log N with p = K·D + K − 1. */
  scores(data: Dataset): Record<string, number> {
    const logLikelihood = this.score(data);
    const [k, d] = this.state.means.shape;
    return { logLikelihood, bic: -2 * data.nRows * logLikelihood + (k * d + k - 1) * Math.log(data.nRows) };
  }

  /** Responsibilities r_ik, N×K. */
  transform(data: Dataset): LatentMatrix {
    const { resp } = this.evaluate(data);
    const k = this.state.means.shape[0];
    return { nRows: resp.length / k, nCols: k, values: Float64Array.from(resp), columns: Array.from({ length: k }, (_, c) => `component${c + 1}`) };
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
    return {
      kind: 'dense',
      nRows: n,
      nCols: d,
      values,
      columns: [...this.info.columns],
      labels,
      labelName: 'component',
      source: `samples of ${TOY_MIXTURE_KEY}`,
    };
  }

  toJSON(): SavedModel {
    const [k, d] = this.state.means.shape;
    const means = Array.from(this.state.means.dataSync());
    const { engine, seed, iterations, converged, seconds, trace, columns, nRows } = this.info;
    return {
      format: 'latentkit-model',
      formatVersion: 1,
      key: TOY_MIXTURE_KEY,
      plugin: { name: meta.name, version: meta.version },
      params: { ...this.params },
      data: { kind: 'dense', nCols: d, columns: [...columns], nRows },
      fit: { engine, seed, iterations, converged, seconds, trace },
      state: {
        means: Array.from({ length: k }, (_, c) => means.slice(c * d, (c + 1) * d)),
        logWeights: Array.from(this.state.logWeights.dataSync()),
      },
    };
  }

  dispose(): void {
    tf.dispose([this.state.means, this.state.logWeights]);
  }
}

/** Wrap an engine result as a fitted model; takes ownership of the state tensors. */
export function toyFromResult(params: ToyMixtureParams, result: FitResult<ToyMixtureState>, data: Dataset): ToyMixtureFitted {
  const ds = requireDense(data, 'toy/mixture');
  const { engine, seed, iterations, converged, seconds, trace } = result;
  return new ToyMixtureFitted(params, result.state, { engine, seed, iterations, converged, seconds, trace, columns: [...ds.columns], nRows: ds.nRows });
}
