import { createRng, splitByRowIndex, type DenseDataset, type Rng } from '@latentkit/core';
import { checkInt, checkPositive, names, type Synthetic } from './common.js';

/** Options of {@link contrastiveSim}. */
export interface ContrastiveSimOptions {
  /** Number of background samples (salient t = 0; default 1000). */
  readonly nBackground?: number;
  /** Number of target samples of each target group (default 1000). */
  readonly nTarget?: number;
  /**
   * Number of target groups (default 1: one group named `target`). With G > 1 the groups are `target1..targetG`,
   * each with `nTarget` rows, in that order after the background rows.
   */
  readonly targetGroups?: number;
  /**
   * With `targetGroups` > 1: `'per-group'` (default) gives every target group its own salient factors t_g ∈ R^dt,
   * the network's input is [z, t_1, …, t_G] with every block but the row's own at 0; `'shared'` gives all target
   * groups the same salient factors t ∈ R^dt (the same network as one target group).
   */
  readonly salient?: 'per-group' | 'shared';
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
  /**
   * Prior of z and of the target rows' t: `'gaussian'` (default) N(0, I), or `'mixture'`, an equal-weight mixture of
   * `components` Gaussians N(μ_k, I) whose means μ_k ~ N(0, separation²·I) are drawn once per seed (z and t each
   * have their own means).
   */
  readonly prior?: 'gaussian' | 'mixture';
  /** Number of mixture components of each prior with `prior: 'mixture'` (default 3). */
  readonly components?: number;
  /** Standard deviation of the mixture means with `prior: 'mixture'` (default 3: well separated components). */
  readonly separation?: number;
  /** Seed of the generator (the datasets/… plugins default it to 0); equal seeds give equal data and truth. */
  readonly seed: number;
}

/** The Gaussian-mixture prior of one latent block: equal weights, unit covariance, means `means[k]`. */
export interface MixturePrior {
  /** The component means μ_k (components × dimension of the block). */
  readonly means: number[][];
}

/** One affine layer y = W·x + b of the mixing network; `weights` is out × in. */
export interface AffineLayer {
  /** W, out × in. */
  readonly weights: number[][];
  /** b, out numbers. */
  readonly bias: number[];
}

/** Ground truth of {@link contrastiveSim}. */
export interface ContrastiveSimTruth {
  /** Shared latents (N × dz, row-major). */
  readonly z: Float64Array;
  /**
   * Salient latents (N × dt, row-major; with G > 1 per-group target groups N × G·dt, the row's own block t_g in
   * columns (g − 1)·dt.. and the other blocks 0); zero for background rows.
   */
  readonly t: Float64Array;
  /** 0 for background rows, g = 1..G for rows of target group g (1 for every target row with one target group). */
  readonly group: Int32Array;
  /** The mixing network f: [z, t] → x (t as in {@link ContrastiveSimTruth.t}), three affine layers with ReLU between them. */
  readonly layers: AffineLayer[];
  /** Standard deviation of the Gaussian noise added to f([z, t]) (the `noise` option). */
  readonly noise: number;
  /** With `prior: 'mixture'`: the priors of z and t, and each row's component (t: −1 for background rows). */
  readonly mixture?: {
    /** The mixture prior of the shared latents z. */
    readonly z: MixturePrior;
    /** The mixture prior of the salient latents t of target rows. */
    readonly t: MixturePrior;
    /** The component of z of every row (N, 0-based). */
    readonly zComponent: Int32Array;
    /** The component of t of every row (N, 0-based; −1 for background rows). */
    readonly tComponent: Int32Array;
  };
}

function mixturePrior(rng: Rng, components: number, dim: number, separation: number): MixturePrior {
  return { means: Array.from({ length: components }, () => Array.from({ length: dim }, () => separation * rng.normal())) };
}

/** Draw one latent vector into `out[at..at+dim)`: N(0, I), or N(μ_k, I) for a uniform component k (returned; −1 without a mixture). */
function drawLatent(rng: Rng, out: Float64Array, at: number, dim: number, prior: MixturePrior | undefined): number {
  const k = prior ? rng.int(prior.means.length) : -1;
  for (let q = 0; q < dim; q++) out[at + q] = (prior ? prior.means[k][q] : 0) + rng.normal();
  return k;
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

/** The salient factor names: `t1..` for one block, `t<g>_<j>` for block g of G > 1 per-group blocks. */
function salientNames(blocks: number, dt: number): string[] {
  return blocks === 1 ? names('t', dt) : Array.from({ length: blocks }, (_, g) => names(`t${g + 1}_`, dt)).flat();
}

/**
 * Comparative (contrastive) simulation (ALGORITHMS.md §3.2, §9.5): shared latents z ~ N(0, I_dz) for every sample,
 * salient latents t = 0 for background samples and t ~ N(0, I_dt) for target samples (with `prior: 'mixture'`, each
 * prior is instead Σ_k (1/K)·N(μ_k, I), K = `components`, μ_k ~ N(0, separation²·I)), and
 * x = f(z, t) + ε, ε ~ N(0, noise²·I_dx), where f is a ReLU MLP (dz + dt → hidden → hidden → dx) with random
 * weights W ~ N(0, 2/fan_in) and biases ~ N(0, 0.1²). ReLU networks are piecewise affine, the case in which
 * Lopez et al. (2024) prove identifiability.
 *
 * Background rows come first. `groups` (name `group`) and the labels are `'background'`/`'target'`; `factors` hold
 * the truth `z1..` (every row) and `t1..` (0 on background rows).
 * More target groups (`targetGroups: G`): groups `target1..targetG` of `nTarget` rows each; with `salient:
 * 'per-group'` group g has its own salient factors t_g ~ p(t) entering f through their own input columns
 * (f: R^(dz + G·dt) → R^dx, factors `t<g>_<j>`), with `'shared'` every group draws the same t (f as for one group).
 * The default (one target group) is unchanged. The measured design of ALGORITHMS §3.7 (z and t
 * in R², 3-component mixtures, ReLU MLP into R^20, 4,000 rows per group):
 * `contrastiveSim({ prior: 'mixture', components: 3, dx: 20, nBackground: 4000, nTarget: 4000, seed })`.
 * @example
 * ```ts
 * const { data, truth } = contrastiveSim({ nBackground: 500, nTarget: 500, seed: 3 });
 * data.groups!.values[0]; // 'background'
 * ```
 * References: R. Lopez, J.-C. Huetter, E. Hajiramezanali, J. Pritchard and A. Regev, "Toward the Identifiability of Comparative Deep Generative Models", CLeaR 2024.
 */
export function contrastiveSim(options: ContrastiveSimOptions): Synthetic<DenseDataset, ContrastiveSimTruth> {
  const {
    nBackground = 1000,
    nTarget = 1000,
    targetGroups = 1,
    salient = 'per-group',
    dz = 2,
    dt = 2,
    dx = 10,
    hidden = 32,
    noise = 0.1,
    prior = 'gaussian',
    components = 3,
    separation = 3,
    seed,
  } = options;
  checkInt('nBackground', nBackground, 0);
  checkInt('nTarget', nTarget, 0);
  checkInt('targetGroups', targetGroups, 1);
  checkInt('nBackground + nTarget', nBackground + nTarget, 1);
  if (salient !== 'per-group' && salient !== 'shared') throw new Error(`contrastive-sim: salient must be 'per-group' or 'shared', got '${String(salient)}'`);
  checkInt('dz', dz, 1);
  checkInt('dt', dt, 1);
  checkInt('dx', dx, 1);
  checkInt('hidden', hidden, 1);
  checkPositive('noise', noise, true);
  if (prior !== 'gaussian' && prior !== 'mixture') throw new Error(`contrastive-sim: prior must be 'gaussian' or 'mixture', got '${String(prior)}'`);
  checkInt('components', components, 1);
  checkPositive('separation', separation, true);
  const [netRng, sampleRng] = createRng(seed).split(2);
  // Salient blocks: one unless the target groups have their own; G = 1 keeps the earlier network and draws.
  const blocks = salient === 'per-group' ? targetGroups : 1;
  const wt = blocks * dt;
  const layers = [randomLayer(netRng, dz + wt, hidden), randomLayer(netRng, hidden, hidden), randomLayer(netRng, hidden, dx)];
  // Mixture means come after the network on its stream, so the network and the Gaussian-prior data are unchanged.
  const zPrior = prior === 'mixture' ? mixturePrior(netRng, components, dz, separation) : undefined;
  const tPrior = prior === 'mixture' ? mixturePrior(netRng, components, dt, separation) : undefined;

  const n = nBackground + targetGroups * nTarget;
  const z = new Float64Array(n * dz);
  const t = new Float64Array(n * wt);
  const group = new Int32Array(n);
  const zComponent = new Int32Array(n);
  const tComponent = new Int32Array(n).fill(-1);
  const values = new Float64Array(n * dx);
  const input = new Float64Array(dz + wt);
  for (let i = 0; i < n; i++) {
    const g = i < nBackground ? 0 : 1 + Math.floor((i - nBackground) / nTarget);
    group[i] = g;
    zComponent[i] = drawLatent(sampleRng, z, i * dz, dz, zPrior);
    if (g > 0) tComponent[i] = drawLatent(sampleRng, t, i * wt + (blocks > 1 ? (g - 1) * dt : 0), dt, tPrior);
    input.set(z.subarray(i * dz, (i + 1) * dz));
    input.set(t.subarray(i * wt, (i + 1) * wt), dz);
    const x = applyMixing(layers, input);
    for (let q = 0; q < dx; q++) values[i * dx + q] = x[q] + noise * sampleRng.normal();
  }
  const factors = new Float64Array(n * (dz + wt));
  for (let i = 0; i < n; i++) {
    factors.set(z.subarray(i * dz, (i + 1) * dz), i * (dz + wt));
    factors.set(t.subarray(i * wt, (i + 1) * wt), i * (dz + wt) + dz);
  }
  const label = (g: number): string => (g === 0 ? 'background' : targetGroups === 1 ? 'target' : `target${g}`);
  const labels = Array.from(group, label);
  return {
    data: {
      kind: 'dense',
      nRows: n,
      nCols: dx,
      values,
      columns: names('x', dx),
      labels,
      labelName: 'group',
      groups: { name: 'group', values: [...labels] },
      factors: { names: [...names('z', dz), ...salientNames(blocks, dt)], values: factors },
      split: splitByRowIndex(n),
      source: 'contrastive-sim',
    },
    truth: { z, t, group, layers, noise, ...(zPrior && tPrior && { mixture: { z: zPrior, t: tPrior, zComponent, tComponent } }) },
  };
}
