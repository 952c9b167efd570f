import type { TreeRandom } from './sklearn-random.js';

/** scikit-learn's `FEATURE_THRESHOLD`: feature values closer than this are not split apart. */
const FEATURE_THRESHOLD = 1e-7;
/** scikit-learn's `EPSILON` (double machine epsilon): a node with impurity ≤ this is a leaf. */
const EPSILON = Number.EPSILON;

/**
 * Training features for trees: float32 values (scikit-learn converts X to float32 for trees) and, per feature,
 * the row indices sorted by that feature, computed once and shared by every tree fitted on these rows.
 */
export interface FeatureMatrix {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Row-major nRows × nFeatures float32 values. */
  readonly x: Float32Array;
  /** Feature f's rows in increasing order of value: `order[f·nRows + q]`. */
  readonly order: Int32Array;
}

/** Build a {@link FeatureMatrix} from the rows `rows` of a row-major float64 matrix with `nFeatures` columns. */
export function featureMatrix(values: Float64Array, nFeatures: number, rows: ArrayLike<number>): FeatureMatrix {
  const n = rows.length;
  const x = new Float32Array(n * nFeatures);
  for (let r = 0; r < n; r++) for (let f = 0; f < nFeatures; f++) x[r * nFeatures + f] = values[rows[r] * nFeatures + f];
  const order = new Int32Array(n * nFeatures);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let f = 0; f < nFeatures; f++) {
    idx.sort((a, b) => x[a * nFeatures + f] - x[b * nFeatures + f] || a - b);
    order.set(idx, f * n);
  }
  return { nRows: n, nFeatures, x, order };
}

/** A fitted regression tree in scikit-learn's array layout; `left[i] = −1` marks a leaf. */
export interface RegressionTree {
  readonly nodeCount: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Node values: the mean target, until a caller (gradient boosting) replaces the leaf values. */
  readonly value: Float64Array;
  readonly impurity: Float64Array;
  /** Number of training rows in each node (the weighted count with unit weights). */
  readonly weight: Float64Array;
}

/**
 * Fit a depth-limited least-squares regression tree as scikit-learn 1.2's `DecisionTreeRegressor(criterion=
 * 'friedman_mse', splitter='best', max_depth, min_samples_split=2, min_samples_leaf=1)` with unit sample weights.
 *
 * Each node is split at the (feature, threshold) that maximises Friedman's proxy improvement
 * (n_R·ΣL − n_L·ΣR)²/(n_L·n_R) over all features and all positions between sorted values more than 1e-7 apart,
 * the threshold being the midpoint of the two float32 values. A node is a leaf at depth `maxDepth`, with fewer than
 * 2 rows, or with impurity (variance of the target) ≤ machine epsilon. Node impurities are the variances that
 * feature importances are computed from. Nodes are built depth first, left child first, and features are visited
 * in scikit-learn's random order (its Fisher–Yates draws with `random`, skipping features known to be constant),
 * so that exact ties go to the same feature as in scikit-learn; sums are accumulated in sorted order, so ties that
 * only rounding separates can still differ.
 *
 * @returns the tree and the leaf each training row falls in.
 */
export function fitRegressionTree(fm: FeatureMatrix, y: Float64Array, maxDepth: number, random: TreeRandom): { tree: RegressionTree; leafOfRow: Int32Array } {
  const builder = new TreeBuilder(fm, y, maxDepth, random);
  builder.build(0, fm.nRows, 0, NaN, 0);
  return { tree: builder.tree(), leafOfRow: builder.leafOfRow };
}

/** The best split of a node, or `found: false` when every feature is constant there. */
interface Split {
  found: boolean;
  nConstant: number;
  feature: number;
  threshold: number;
  nLeft: number;
  impurityLeft: number;
  impurityRight: number;
}

/**
 * One tree's construction state. A class (not closures) so that V8 optimises its methods once for all trees.
 * `perm` holds, per feature, the node's rows sorted by that feature (contiguous segments per node) and `xs` the
 * matching float32 values.
 */
class TreeBuilder {
  readonly leafOfRow: Int32Array;
  private readonly n: number;
  private readonly nf: number;
  private readonly perm: Int32Array;
  private readonly xs: Float32Array;
  private readonly scratch: Int32Array;
  private readonly scratchX: Float32Array;
  private readonly goLeft: Uint8Array;
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private readonly nodes = {
    feature: [] as number[],
    threshold: [] as number[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
    impurity: [] as number[],
    weight: [] as number[],
  };

  private readonly y: Float64Array;
  private readonly maxDepth: number;
  private readonly random: TreeRandom;

  constructor(fm: FeatureMatrix, y: Float64Array, maxDepth: number, random: TreeRandom) {
    this.y = y;
    this.maxDepth = maxDepth;
    this.random = random;
    this.n = fm.nRows;
    this.nf = fm.nFeatures;
    this.perm = fm.order.slice();
    this.xs = new Float32Array(this.perm.length);
    for (let f = 0; f < this.nf; f++) for (let q = 0; q < this.n; q++) this.xs[f * this.n + q] = fm.x[this.perm[f * this.n + q] * this.nf + f];
    this.scratch = new Int32Array(this.n);
    this.scratchX = new Float32Array(this.n);
    this.goLeft = new Uint8Array(this.n);
    this.leafOfRow = new Int32Array(this.n);
    this.features = Int32Array.from({ length: this.nf }, (_, f) => f);
    this.constantFeatures = new Int32Array(this.nf);
  }

  tree(): RegressionTree {
    const nodes = this.nodes;
    return {
      nodeCount: nodes.value.length,
      feature: Int32Array.from(nodes.feature),
      threshold: Float64Array.from(nodes.threshold),
      left: Int32Array.from(nodes.left),
      right: Int32Array.from(nodes.right),
      value: Float64Array.from(nodes.value),
      impurity: Float64Array.from(nodes.impurity),
      weight: Float64Array.from(nodes.weight),
    };
  }

  /** Build the subtree of rows [start, end) (of every feature's order); `parentImpurity` NaN at the root. */
  build(start: number, end: number, depth: number, parentImpurity: number, nConstant: number): number {
    const { y, perm } = this;
    const root = Number.isNaN(parentImpurity);
    const m = end - start;
    let sum = 0;
    let sq = 0;
    // The root sums rows in index order, as scikit-learn's initial `samples` array.
    for (let q = start; q < end; q++) {
      const v = y[root ? q : perm[q]];
      sum += v;
      sq += v * v;
    }
    const impurity = root ? sq / m - (sum / m) ** 2 : parentImpurity;
    const node = this.addNode(sum / m, impurity, m);
    const split = depth >= this.maxDepth || m < 2 || impurity <= EPSILON ? undefined : this.bestSplit(start, end, sum, sq, nConstant);
    if (!split?.found) {
      for (let q = start; q < end; q++) this.leafOfRow[perm[q]] = node;
      return node;
    }
    const { feature, threshold, nLeft } = split;
    const base = feature * this.n;
    for (let q = start; q < end; q++) this.goLeft[perm[base + q]] = this.xs[base + q] <= threshold ? 1 : 0;
    for (let f = 0; f < this.nf; f++) this.stablePartition(f * this.n + start, f * this.n + end);
    this.nodes.feature[node] = feature;
    this.nodes.threshold[node] = threshold;
    this.nodes.left[node] = this.build(start, start + nLeft, depth + 1, split.impurityLeft, split.nConstant);
    this.nodes.right[node] = this.build(start + nLeft, end, depth + 1, split.impurityRight, split.nConstant);
    return node;
  }

  private addNode(value: number, impurity: number, weight: number): number {
    const nodes = this.nodes;
    nodes.feature.push(-1);
    nodes.threshold.push(-2);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(value);
    nodes.impurity.push(impurity);
    nodes.weight.push(weight);
    return nodes.value.length - 1;
  }

  private stablePartition(from: number, to: number): void {
    const { perm, xs, goLeft, scratch, scratchX } = this;
    let l = from;
    let r = 0;
    for (let q = from; q < to; q++) {
      const row = perm[q];
      if (goLeft[row]) {
        xs[l] = xs[q];
        perm[l++] = row;
      } else {
        scratchX[r] = xs[q];
        scratch[r++] = row;
      }
    }
    perm.set(scratch.subarray(0, r), l);
    xs.set(scratchX.subarray(0, r), l);
  }

  /** Σ y over [start, p) of one feature's order, updated from [start, pos) as scikit-learn's `Criterion.update`. */
  private leftSum(base: number, end: number, pos: number, sumLeft: number, p: number, sum: number): number {
    const { y, perm } = this;
    if (p - pos <= end - p) {
      for (let q = pos; q < p; q++) sumLeft += y[perm[base + q]];
      return sumLeft;
    }
    let s = sum;
    for (let q = end - 1; q >= p; q--) s -= y[perm[base + q]];
    return s;
  }

  private swapFeatures(i: number, j: number): void {
    const t = this.features[i];
    this.features[i] = this.features[j];
    this.features[j] = t;
  }

  private bestSplit(start: number, end: number, sum: number, sq: number, nKnown: number): Split {
    const { xs, y, perm, features, n, nf } = this;
    const m = end - start;
    let best = -Infinity;
    let bestFeature = -1;
    let bestPos = -1;
    let bestThreshold = 0;
    let fi = nf;
    let nVisited = 0;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnown;
    while (fi > nTotal && (nVisited < nf || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fj = this.random.int(nDrawn, fi - nFound);
      if (fj < nKnown) {
        this.swapFeatures(nDrawn, fj);
        nDrawn++;
        continue;
      }
      fj += nFound;
      const f = features[fj];
      const base = f * n;
      if (xs[base + end - 1] <= xs[base + start] + FEATURE_THRESHOLD) {
        this.swapFeatures(fj, nTotal);
        nFound++;
        nTotal++;
        continue;
      }
      fi--;
      this.swapFeatures(fi, fj);
      let sumLeft = 0;
      let pos = start;
      let p = start;
      while (p < end) {
        while (p + 1 < end && xs[base + p + 1] <= xs[base + p] + FEATURE_THRESHOLD) p++;
        p++;
        if (p >= end) break;
        if (p - pos === 1) sumLeft += y[perm[base + pos]];
        else sumLeft = this.leftSum(base, end, pos, sumLeft, p, sum);
        pos = p;
        const wl = p - start;
        const wr = m - wl;
        const diff = wr * sumLeft - wl * (sum - sumLeft);
        const proxy = (diff * diff) / (wl * wr);
        if (proxy > best) {
          best = proxy;
          bestFeature = f;
          bestPos = p;
          const lo = xs[base + p - 1];
          const hi = xs[base + p];
          bestThreshold = lo / 2 + hi / 2;
          if (bestThreshold === hi || !Number.isFinite(bestThreshold)) bestThreshold = lo;
        }
      }
    }
    features.set(this.constantFeatures.subarray(0, nKnown), 0);
    this.constantFeatures.set(features.subarray(nKnown, nKnown + nFound), nKnown);
    if (bestFeature < 0) return { found: false, nConstant: nTotal, feature: -1, threshold: 0, nLeft: 0, impurityLeft: 0, impurityRight: 0 };
    const base = bestFeature * n;
    const sumLeft = this.leftSum(base, end, start, 0, bestPos, sum);
    let sqLeft = 0;
    for (let q = start; q < bestPos; q++) {
      const v = y[perm[base + q]];
      sqLeft += v * v;
    }
    const wl = bestPos - start;
    const wr = m - wl;
    return {
      found: true,
      nConstant: nTotal,
      feature: bestFeature,
      threshold: bestThreshold,
      nLeft: wl,
      impurityLeft: sqLeft / wl - (sumLeft / wl) ** 2,
      impurityRight: (sq - sqLeft) / wr - ((sum - sumLeft) / wr) ** 2,
    };
  }
}

/** The leaf a float32 feature row (`x[offset … offset + nFeatures)`) falls in: left when x_f ≤ threshold. */
export function applyTree(tree: RegressionTree, x: Float32Array, offset: number): number {
  let node = 0;
  while (tree.left[node] >= 0) node = x[offset + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return node;
}

/**
 * Unnormalised impurity-based feature importances of one tree (scikit-learn's `compute_feature_importances(
 * normalize=False)`): Σ over the splits on feature f of n·impurity − n_L·impurity_L − n_R·impurity_R, divided by
 * the number of rows at the root.
 */
export function treeFeatureImportances(tree: RegressionTree, nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  for (let i = 0; i < tree.nodeCount; i++) {
    const l = tree.left[i];
    if (l < 0) continue;
    const r = tree.right[i];
    out[tree.feature[i]] += tree.weight[i] * tree.impurity[i] - tree.weight[l] * tree.impurity[l] - tree.weight[r] * tree.impurity[r];
  }
  for (let f = 0; f < nFeatures; f++) out[f] /= tree.weight[0];
  return out;
}
