import { createRng, splitByRowIndex, type DenseDataset, type Rng } from '@latentkit/core';
import { checkInt, checkPositive, names, type Synthetic } from './common.js';

/** Options of {@link contrastiveSim}. */
export interface ContrastiveSimOptions {
  /** Number of background samples (salient t = 0; default 1000). */
  readonly nBackground?: number;
  /** Number of target samples (default 1000). */
  readonly nTarget?: number;
  /** Dimension of the shared latents z (default 2). */
  readonly dz?: number;
  /** Dimension of the salient latents t (default 2). */
  readonly dt?: number;
  /** Dimension of the observations x (default 10). */
  readonly dx?: number;
  /** Width of the two hidden ReLU layers (default 32). */
  readonly hidden?: number;
  /** Standard deviation of the Gaussian observation noise (default 0.1). */
  readonly noise?: number;
  readonly seed: number;
}

/** One affine layer y = W·x + b of the mixing network; `weights` is out × in. */
export interface AffineLayer {
  readonly weights: number[][];
  readonly bias: number[];
}

/** Ground truth of {@link contrastiveSim}. */
export interface ContrastiveSimTruth {
  /** Shared latents (N × dz, row-major). */
  readonly z: Float64Array;
  /** Salient latents (N × dt, row-major); zero for background rows. */
  readonly t: Float64Array;
  /** 0 for background rows, 1 for target rows. */
  readonly group: Int32Array;
  /** The mixing network f: [z, t] → x, three affine layers with ReLU between them. */
  readonly layers: AffineLayer[];
  readonly noise: number;
}

function randomLayer(rng: Rng, nIn: number, nOut: number): AffineLayer {
  const scale = Math.sqrt(2 / nIn);
  return {
    weights: Array.from({ length: nOut }, () => Array.from({ length: nIn }, () => scale * rng.normal())),
    bias: Array.from({ length: nOut }, () => 0.1 * rng.normal()),
  };
}

/** Apply the mixing network to one input; ReLU after every layer but the last. */
export function applyMixing(layers: readonly AffineLayer[], input: ArrayLike<number>): number[] {
  let h = Array.from(input);
  layers.forEach((layer, q) => {
    const last = q === layers.length - 1;
    h = layer.weights.map((row, o) => {
      let s = layer.bias[o];
      for (let i = 0; i < row.length; i++) s += row[i] * h[i];
      return last || s > 0 ? s : 0;
    });
  });
  return h;
}

/**
 * Comparative (contrastive) simulation (ALGORITHMS.md §3.2, §9.5): shared latents z ~ N(0, I_dz) for every sample,
 * salient latents t = 0 for background samples and t ~ N(0, I_dt) for target samples, and
 * x = f(z, t) + ε, ε ~ N(0, noise²·I_dx), where f is a ReLU MLP (dz + dt → hidden → hidden → dx) with random
 * weights W ~ N(0, 2/fan_in) and biases ~ N(0, 0.1²). ReLU networks are piecewise affine, the case in which
 * Lopez et al. (2024) prove identifiability.
 *
 * Background rows come first. Labels are `'background'`/`'target'` (label name `group`); `factors` hold
 * `z1..` and `t1..`.
 * @example
 * ```ts
 * const { data, truth } = contrastiveSim({ nBackground: 500, nTarget: 500, seed: 3 });
 * ```
 * References: R. Lopez, J.-C. Huetter, E. Hajiramezanali, J. Pritchard and A. Regev, "Toward the Identifiability of Comparative Deep Generative Models", CLeaR 2024.
 */
export function contrastiveSim(options: ContrastiveSimOptions): Synthetic<DenseDataset, ContrastiveSimTruth> {
  const { nBackground = 1000, nTarget = 1000, dz = 2, dt = 2, dx = 10, hidden = 32, noise = 0.1, seed } = options;
  checkInt('nBackground', nBackground, 0);
  checkInt('nTarget', nTarget, 0);
  checkInt('nBackground + nTarget', nBackground + nTarget, 1);
  checkInt('dz', dz, 1);
  checkInt('dt', dt, 1);
  checkInt('dx', dx, 1);
  checkInt('hidden', hidden, 1);
  checkPositive('noise', noise, true);
  const [netRng, sampleRng] = createRng(seed).split(2);
  const layers = [randomLayer(netRng, dz + dt, hidden), randomLayer(netRng, hidden, hidden), randomLayer(netRng, hidden, dx)];

  const n = nBackground + nTarget;
  const z = new Float64Array(n * dz);
  const t = new Float64Array(n * dt);
  const group = new Int32Array(n);
  const values = new Float64Array(n * dx);
  const input = new Float64Array(dz + dt);
  for (let i = 0; i < n; i++) {
    const target = i >= nBackground;
    group[i] = target ? 1 : 0;
    for (let q = 0; q < dz; q++) input[q] = z[i * dz + q] = sampleRng.normal();
    for (let q = 0; q < dt; q++) input[dz + q] = t[i * dt + q] = target ? sampleRng.normal() : 0;
    const x = applyMixing(layers, input);
    for (let q = 0; q < dx; q++) values[i * dx + q] = x[q] + noise * sampleRng.normal();
  }
  const factors = new Float64Array(n * (dz + dt));
  for (let i = 0; i < n; i++) {
    factors.set(z.subarray(i * dz, (i + 1) * dz), i * (dz + dt));
    factors.set(t.subarray(i * dt, (i + 1) * dt), i * (dz + dt) + dz);
  }
  return {
    data: {
      kind: 'dense',
      nRows: n,
      nCols: dx,
      values,
      columns: names('x', dx),
      labels: Array.from(group, (g) => (g ? 'target' : 'background')),
      labelName: 'group',
      factors: { names: [...names('z', dz), ...names('t', dt)], values: factors },
      split: splitByRowIndex(n),
      source: 'contrastive-sim',
    },
    truth: { z, t, group, layers, noise },
  };
}
