/** A linear classifier of one feature: the class of largest decision value a_k·x + b_k. */
export interface LinearSvc1d {
  readonly nClasses: number;
  predict(x: number): number;
}

/**
 * The exact solution of scikit-learn's `LinearSVC(C, class_weight='balanced')` (liblinear, squared hinge loss,
 * L2 penalty, intercept as a penalised feature of value 1) on one feature.
 *
 * For each binary problem, (a, b) minimises ½(a² + b²) + Σᵢ cᵢ·max(0, 1 − yᵢ(a·xᵢ + b))² with yᵢ = ±1, solved by
 * Newton's method with backtracking to a gradient norm below 1e-12 (the objective is strongly convex, so the
 * minimiser is unique; liblinear's dual coordinate descent stops near it, at tol = 1e-4). Class weights are
 * n/(K·n_k). Two classes: one problem, every row weighted, cᵢ = C·w_{yᵢ}. K > 2 classes: one-vs-rest as liblinear,
 * cᵢ = C·w_k for the rows of class k and C for the others; the prediction is the first class of largest decision
 * value. A single class is always predicted.
 *
 * @param labels - class index 0 … nClasses − 1 of each row.
 */
export function fitLinearSvc1d(x: Float64Array, labels: Int32Array, nClasses: number, c: number): LinearSvc1d {
  const n = x.length;
  if (nClasses < 2) return { nClasses, predict: () => 0 };
  const counts = new Float64Array(nClasses);
  for (const k of labels) counts[k]++;
  const weight = counts.map((m) => (m > 0 ? n / (nClasses * m) : 0));
  const y = new Float64Array(n);
  const cost = new Float64Array(n);
  if (nClasses === 2) {
    for (let i = 0; i < n; i++) {
      y[i] = labels[i] === 1 ? 1 : -1;
      cost[i] = c * weight[labels[i]];
    }
    const [a, b] = minimiseSquaredHinge(x, y, cost);
    return { nClasses, predict: (v) => (a * v + b > 0 ? 1 : 0) };
  }
  const coef: [number, number][] = [];
  for (let k = 0; k < nClasses; k++) {
    for (let i = 0; i < n; i++) {
      y[i] = labels[i] === k ? 1 : -1;
      cost[i] = labels[i] === k ? c * weight[k] : c;
    }
    coef.push(minimiseSquaredHinge(x, y, cost));
  }
  return {
    nClasses,
    predict(v) {
      let best = 0;
      for (let k = 1; k < nClasses; k++) if (coef[k][0] * v + coef[k][1] > coef[best][0] * v + coef[best][1]) best = k;
      return best;
    },
  };
}

function objective(x: Float64Array, y: Float64Array, cost: Float64Array, a: number, b: number): number {
  let f = 0.5 * (a * a + b * b);
  for (let i = 0; i < x.length; i++) {
    const m = 1 - y[i] * (a * x[i] + b);
    if (m > 0) f += cost[i] * m * m;
  }
  return f;
}

function minimiseSquaredHinge(x: Float64Array, y: Float64Array, cost: Float64Array): [number, number] {
  const n = x.length;
  const active = new Uint8Array(n);
  let a = 0;
  let b = 0;
  let f = objective(x, y, cost, a, b);
  for (let iter = 0; iter < 200; iter++) {
    let ga = a;
    let gb = b;
    let haa = 1;
    let hab = 0;
    let hbb = 1;
    for (let i = 0; i < n; i++) {
      const m = 1 - y[i] * (a * x[i] + b);
      active[i] = m > 0 ? 1 : 0;
      if (m <= 0) continue;
      const w = 2 * cost[i];
      ga -= w * m * y[i] * x[i];
      gb -= w * m * y[i];
      haa += w * x[i] * x[i];
      hab += w * x[i];
      hbb += w;
    }
    if (Math.hypot(ga, gb) <= 1e-13 * Math.max(1, Math.hypot(a, b))) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    const slope = ga * da + gb * db;
    let t = 1;
    let next = objective(x, y, cost, a + da, b + db);
    while (next > f + 1e-4 * t * slope && t > 1e-12) {
      t /= 2;
      next = objective(x, y, cost, a + t * da, b + t * db);
    }
    if (!(next <= f)) break;
    a += t * da;
    b += t * db;
    f = next;
    // A full step that keeps the set of margin violators lands on the minimum of that quadratic piece, which is the
    // minimiser (the gradient is continuous): stop there instead of polishing rounding.
    if (t === 1 && sameActiveSet(x, y, a, b, active)) break;
  }
  return [a, b];
}

function sameActiveSet(x: Float64Array, y: Float64Array, a: number, b: number, active: Uint8Array): boolean {
  for (let i = 0; i < x.length; i++) if ((1 - y[i] * (a * x[i] + b) > 0 ? 1 : 0) !== active[i]) return false;
  return true;
}
