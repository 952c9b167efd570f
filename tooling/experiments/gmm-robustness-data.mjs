// Data sets of the GMM robustness experiment (gmm-robustness.mjs), generated deterministically with their own
// seeded generator so that every version of latentkit (and the Python companion, through --write-data) sees the
// same rows. Values are rounded to lab precision, which makes many of them repeat, as in real lab data.

/** mulberry32: a small seeded 32-bit generator; uniform in [0, 1). */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed) {
  const u = uniform(seed);
  let spare = null;
  const normal = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const t = 2 * Math.PI * u();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  return { u, normal };
}

const round = (x, step) => Math.round(x / step) * step;

function dense(rows, columns, source) {
  const d = columns.length;
  const values = new Float64Array(rows.length * d);
  rows.forEach((r, i) => values.set(r, i * d));
  return { kind: 'dense', nRows: rows.length, nCols: d, values, columns, source };
}

/**
 * Thyroid-like lab values (5 features: TSH, T3, TT4, T4U, FTI), `n` rows: 83 % euthyroid, 10 % hypothyroid
 * (TSH log-normal, median 40 and log-sd 1.3: a heavy tail up to a few thousand mU/l), 7 % hyperthyroid (TSH mostly at the detection
 * limit 0.005, a value that repeats exactly). TSH is rounded to 0.005 below 1 and to 0.1 above, T3 and T4U to
 * 0.1 and 0.01, TT4 and FTI to integers: the columns live on scales from 1e-2 to 1e2 and repeat many values.
 */
export function thyroidLike(n = 3000, seed = 7, o = {}) {
  const { hypo = 0.1, hyper = 0.07, hypoMedian = 40, hypoSigma = 1.3, limit = 0.6 } = o;
  const { u, normal } = generator(seed);
  const rows = [];
  for (let i = 0; i < n; i++) {
    const c = u();
    let tsh, t3, tt4, t4u;
    if (c < 1 - hypo - hyper) {
      tsh = Math.exp(Math.log(1.4) + 0.55 * normal());
      t3 = 2.0 + 0.4 * normal();
      tt4 = 105 + 18 * normal();
      t4u = 0.98 + 0.12 * normal();
    } else if (c < 1 - hyper) {
      tsh = Math.exp(Math.log(hypoMedian) + hypoSigma * normal());
      t3 = 1.3 + 0.45 * normal();
      tt4 = 62 + 22 * normal();
      t4u = 0.95 + 0.1 * normal();
    } else {
      tsh = u() < limit ? 0.005 : Math.exp(Math.log(0.05) + 0.5 * normal());
      t3 = 3.6 + 1.0 * normal();
      tt4 = 160 + 30 * normal();
      t4u = 1.02 + 0.15 * normal();
    }
    tsh = Math.max(0.005, tsh < 1 ? round(tsh, 0.005) : round(tsh, 0.1));
    t3 = Math.max(0.1, round(t3, 0.1));
    tt4 = Math.max(2, Math.round(tt4));
    t4u = Math.max(0.3, round(t4u, 0.01));
    const fti = Math.round(tt4 / t4u);
    rows.push([tsh, t3, tt4, t4u, fti]);
  }
  return dense(rows, ['TSH', 'T3', 'TT4', 'T4U', 'FTI'], `thyroid-like(n=${n}, seed=${seed})`);
}

/**
 * Diabetes-like data (Reaven & Miller's 145 patients: glucose area, insulin area, SSPG), three classes
 * (normal 76, chemical 36, overt 33) with correlated features, rounded to integers.
 */
export function diabetesLike(seed = 11) {
  const { normal } = generator(seed);
  const classes = [
    { n: 76, mean: [350, 172, 114], sd: [37, 69, 58], rho: 0.3 },
    { n: 36, mean: [494, 288, 209], sd: [55, 155, 70], rho: 0.4 },
    { n: 33, mean: [1044, 106, 319], sd: [309, 93, 88], rho: -0.4 },
  ];
  const rows = [];
  for (const c of classes) {
    for (let i = 0; i < c.n; i++) {
      const z0 = normal();
      const z1 = c.rho * z0 + Math.sqrt(1 - c.rho ** 2) * normal();
      const z2 = c.rho * z0 + Math.sqrt(1 - c.rho ** 2) * normal();
      rows.push([z0, z1, z2].map((z, j) => Math.max(10, Math.round(c.mean[j] + c.sd[j] * z))));
    }
  }
  return dense(rows, ['glucose', 'insulin', 'sspg'], `diabetes-like(seed=${seed})`);
}

/**
 * `n` rows in D = 4 from 6 well-separated spherical components of unequal spread (sd 0.2 to 3) whose centres lie
 * 10 to 1000 units from the origin, rounded to 0.01.
 */
export function separatedLarge(n, seed = 3) {
  const { u, normal } = generator(seed);
  const d = 4;
  const centres = [
    [0, 0, 0, 0],
    [1000, 0, 0, 0],
    [0, 400, 0, 0],
    [0, 0, -300, 0],
    [50, 50, 50, 50],
    [-10, 0, 0, 500],
  ];
  const sds = [1, 3, 0.5, 2, 0.2, 1.5];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const k = Math.min(centres.length - 1, Math.floor(u() * centres.length));
    rows.push(Array.from({ length: d }, (_, j) => round(centres[k][j] + sds[k] * normal(), 0.01)));
  }
  return dense(
    rows,
    Array.from({ length: d }, (_, j) => `x${j + 1}`),
    `separated(n=${n}, seed=${seed})`,
  );
}

/** The first `n` rows of a data set. */
export function head(ds, n) {
  return { ...ds, nRows: n, values: ds.values.slice(0, n * ds.nCols), source: `${ds.source} first ${n}` };
}
