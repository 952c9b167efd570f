import { NumpyRandomState, TreeRandom } from './sklearn-random.js';
import { applyTree, fitRegressionTree, treeFeatureImportances, type FeatureMatrix, type RegressionTree } from './regression-tree.js';

/** Settings of {@link fitGradientBoostingClassifier}; scikit-learn's defaults are 100, 0.1 and 3. */
export interface GradientBoostingOptions {
  readonly nEstimators: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  /** scikit-learn's `random_state`: seeds the order in which each tree visits the features. */
  readonly seed: number;
}

/** A fitted gradient-boosted tree classifier. */
export interface GradientBoostingClassifier {
  readonly nClasses: number;
  /** scikit-learn's `feature_importances_` (sums to 1, or all 0 when no tree has a split). */
  readonly featureImportances: Float64Array;
  /** Predicted class (0 … nClasses − 1) of each training row. */
  readonly trainPredictions: Int32Array;
  /** Predicted class of each row of a row-major float64 matrix with the training features. */
  predict(values: Float64Array, rows: ArrayLike<number>): Int32Array;
}

const FLOAT32_EPS = 2 ** -23;
const expit = (v: number): number => 1 / (1 + Math.exp(-v));
const clip = (p: number): number => Math.min(Math.max(p, FLOAT32_EPS), 1 - FLOAT32_EPS);

/**
 * scikit-learn 1.2's `GradientBoostingClassifier(loss='log_loss', n_estimators, learning_rate, max_depth,
 * subsample=1, criterion='friedman_mse')` with unit sample weights, in float64 JS.
 *
 * Raw scores F start at the log prior: log(p₁/(1 − p₁)) for two classes, log p_k for K > 2 (p clipped to
 * [ε₃₂, 1 − ε₃₂]). Each stage fits one regression tree (two classes) or K trees (one per class, on the scores before
 * the stage) to the negative gradient r = y_k − P(k | x), then sets each leaf to the Newton step
 * Σr / Σ(y − r)(1 − y + r), times (K − 1)/K for K > 2 (0 when the denominator is below 1e-150), and adds
 * `learningRate`·leaf value to F. The prediction is the class of largest probability (first on ties).
 * Feature importances are the mean over the trees with at least one split of their unnormalised importances,
 * normalised to sum 1. As in scikit-learn, `seed` (`random_state`) seeds numpy's MT19937, which draws one seed per
 * tree for the order in which its nodes visit the features; exact ties go to the feature visited first.
 *
 * @param y - class index 0 … nClasses − 1 of each training row of `fm`.
 */
export function fitGradientBoostingClassifier(
  fm: FeatureMatrix,
  y: Int32Array,
  nClasses: number,
  options: GradientBoostingOptions,
): GradientBoostingClassifier {
  const n = fm.nRows;
  const nf = fm.nFeatures;
  if (nClasses < 2) {
    return { nClasses, featureImportances: new Float64Array(nf), trainPredictions: new Int32Array(n), predict: (_v, rows) => new Int32Array(rows.length) };
  }
  const kt = nClasses === 2 ? 1 : nClasses;
  const prior = new Float64Array(nClasses);
  for (const c of y) prior[c] += 1 / n;
  const init = kt === 1 ? Float64Array.of(Math.log(clip(prior[1]) / (1 - clip(prior[1])))) : prior.map((p) => Math.log(clip(p)));
  const raw = new Float64Array(n * kt);
  for (let i = 0; i < n; i++) raw.set(init, i * kt);

  const trees: RegressionTree[] = [];
  const importanceSum = new Float64Array(nf);
  let relevant = 0;
  const rng = new NumpyRandomState(options.seed);
  const residual = new Float64Array(n);
  const target = new Float64Array(n);
  for (let stage = 0; stage < options.nEstimators; stage++) {
    const before = raw.slice();
    const prob = kt === 1 ? before.map(expit) : softmaxRows(before, n, kt);
    for (let k = 0; k < kt; k++) {
      const cls = kt === 1 ? 1 : k;
      for (let i = 0; i < n; i++) {
        target[i] = y[i] === cls ? 1 : 0;
        residual[i] = target[i] - prob[i * kt + k];
      }
      const { tree, leafOfRow } = fitRegressionTree(fm, residual, options.maxDepth, new TreeRandom(rng.randintRandRMax()));
      setNewtonLeafValues(tree, leafOfRow, residual, target, kt === 1 ? 1 : (nClasses - 1) / nClasses);
      for (let i = 0; i < n; i++) raw[i * kt + k] += options.learningRate * tree.value[leafOfRow[i]];
      trees.push(tree);
      if (tree.nodeCount > 1) {
        const imp = treeFeatureImportances(tree, nf);
        for (let f = 0; f < nf; f++) importanceSum[f] += imp[f];
        relevant++;
      }
    }
  }

  const featureImportances = new Float64Array(nf);
  if (relevant > 0) {
    const mean = importanceSum.map((v) => v / relevant);
    const total = mean.reduce((a, b) => a + b, 0);
    for (let f = 0; f < nf; f++) featureImportances[f] = mean[f] / total;
  }
  const decide = (scores: Float64Array, m: number): Int32Array => decideClasses(scores, m, kt);
  return {
    nClasses,
    featureImportances,
    trainPredictions: decide(raw, n),
    predict(values, rows) {
      const m = rows.length;
      const x = new Float32Array(m * nf);
      for (let r = 0; r < m; r++) for (let f = 0; f < nf; f++) x[r * nf + f] = values[rows[r] * nf + f];
      const scores = new Float64Array(m * kt);
      for (let r = 0; r < m; r++) scores.set(init, r * kt);
      trees.forEach((tree, t) => {
        const k = t % kt;
        for (let r = 0; r < m; r++) scores[r * kt + k] += options.learningRate * tree.value[applyTree(tree, x, r * nf)];
      });
      return decide(scores, m);
    },
  };
}

function setNewtonLeafValues(tree: RegressionTree, leafOfRow: Int32Array, residual: Float64Array, y: Float64Array, scale: number): void {
  const num = new Float64Array(tree.nodeCount);
  const den = new Float64Array(tree.nodeCount);
  for (let i = 0; i < leafOfRow.length; i++) {
    const leaf = leafOfRow[i];
    num[leaf] += residual[i];
    den[leaf] += (y[i] - residual[i]) * (1 - y[i] + residual[i]);
  }
  for (let node = 0; node < tree.nodeCount; node++) {
    if (tree.left[node] >= 0) continue;
    tree.value[node] = Math.abs(den[node]) < 1e-150 ? 0 : (num[node] * scale) / den[node];
  }
}

function softmaxRows(raw: Float64Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, raw[i * k + j]);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(raw[i * k + j] - max);
    const lse = Math.log(s) + max;
    for (let j = 0; j < k; j++) {
      const p = Math.exp(raw[i * k + j] - lse);
      out[i * k + j] = Number.isFinite(p) ? p : 0;
    }
  }
  return out;
}

function decideClasses(scores: Float64Array, m: number, kt: number): Int32Array {
  const out = new Int32Array(m);
  if (kt === 1) {
    for (let r = 0; r < m; r++) {
      const p1 = expit(scores[r]);
      out[r] = p1 > 1 - p1 ? 1 : 0;
    }
    return out;
  }
  const prob = softmaxRows(scores, m, kt);
  for (let r = 0; r < m; r++) {
    let best = 0;
    for (let k = 1; k < kt; k++) if (prob[r * kt + k] > prob[r * kt + best]) best = k;
    out[r] = best;
  }
  return out;
}
