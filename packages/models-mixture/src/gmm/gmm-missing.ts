import { cholesky, invertLower, matrix } from '@latentkit/core';
import type { GaussianComponents } from './gmm-state.js';

/** Rows that share one pattern of observed (o) and missing (m) columns. */
export interface MissingPattern {
  readonly observed: Int32Array;
  readonly missing: Int32Array;
  readonly rows: Int32Array;
}

/** The rows with at least one missing cell, grouped by pattern (patterns in order of first appearance). */
export interface MissingRows {
  readonly patterns: readonly MissingPattern[];
  /** Number of incomplete rows. */
  readonly count: number;
}

/** Expected sufficient statistics of the incomplete rows about per-component shifts m_k (see `missingEStep`). */
export interface MissingStats {
  readonly nk: Float64Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
}

/** What the exact path returns: per-row log p(x_o), log responsibilities (row-major, rows in `rowOrder`) and statistics. */
export interface MissingEStep {
  readonly logLik: Float64Array;
  readonly logResp: Float64Array | null;
  readonly rowOrder: Int32Array;
  readonly stats: MissingStats | null;
  readonly sumLogLik: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Split rows into complete ones and patterns of missing cells (NaN). Infinite cells are rejected with `describe`.
 * Returns `missing: null` (and every row in `complete`) when no cell is missing.
 */
export function findMissingRows(
  values: Float64Array,
  n: number,
  d: number,
  describe: (row: number, col: number) => string,
): { complete: Int32Array; missing: MissingRows | null } {
  const complete: number[] = [];
  const groups = new Map<string, { observed: number[]; missing: number[]; rows: number[] }>();
  for (let i = 0; i < n; i++) {
    let holes = false;
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j];
      if (v !== v) holes = true;
      else if (v === Infinity || v === -Infinity) throw new Error(describe(i, j));
    }
    if (!holes) {
      complete.push(i);
      continue;
    }
    let key = '';
    for (let j = 0; j < d; j++) key += values[i * d + j] !== values[i * d + j] ? 'm' : 'o';
    let g = groups.get(key);
    if (!g) {
      g = { observed: [], missing: [], rows: [] };
      for (let j = 0; j < d; j++) (key[j] === 'o' ? g.observed : g.missing).push(j);
      groups.set(key, g);
    }
    g.rows.push(i);
  }
  const patterns = [...groups.values()].map((g) => ({
    observed: Int32Array.from(g.observed),
    missing: Int32Array.from(g.missing),
    rows: Int32Array.from(g.rows),
  }));
  const count = n - complete.length;
  return { complete: Int32Array.from(complete), missing: count > 0 ? { patterns, count } : null };
}

/** Per-component quantities of one pattern: L_oo⁻¹, the log constant, B = Σ_mo Σ_oo⁻¹ and C = Σ_mm − B Σ_om. */
interface PatternFactor {
  readonly linv: Float64Array;
  readonly logConst: number;
  readonly b: Float64Array;
  readonly cond: Float64Array;
}

function patternFactor(state: GaussianComponents, logWeight: number, c: number, o: Int32Array, m: Int32Array): PatternFactor {
  const { d } = state;
  const S = state.covariances.subarray(c * d * d, (c + 1) * d * d);
  const no = o.length;
  const nm = m.length;
  const linv = new Float64Array(no * no);
  let logDetHalf = 0;
  if (no > 0) {
    const soo = new Float64Array(no * no);
    for (let a = 0; a < no; a++) for (let b = 0; b < no; b++) soo[a * no + b] = S[o[a] * d + o[b]];
    const L = cholesky(matrix(no, no, soo), {
      name: `covariance of component ${c + 1} on the observed columns`,
      hint: 'increase regCovar or reduce nComponents',
    });
    linv.set(invertLower(L).data);
    for (let a = 0; a < no; a++) logDetHalf += Math.log(linv[a * no + a]);
  }
  // Σ_oo⁻¹ = L⁻ᵀ L⁻¹; B = Σ_mo Σ_oo⁻¹ (nm × no); C = Σ_mm − B Σ_om.
  const inv = new Float64Array(no * no);
  for (let a = 0; a < no; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let t = a; t < no; t++) s += linv[t * no + a] * linv[t * no + b];
      inv[a * no + b] = s;
      inv[b * no + a] = s;
    }
  }
  const b = new Float64Array(nm * no);
  for (let r = 0; r < nm; r++) {
    for (let a = 0; a < no; a++) {
      let s = 0;
      for (let t = 0; t < no; t++) s += S[m[r] * d + o[t]] * inv[t * no + a];
      b[r * no + a] = s;
    }
  }
  const cond = new Float64Array(nm * nm);
  for (let r = 0; r < nm; r++) {
    for (let q = 0; q < nm; q++) {
      let s = S[m[r] * d + m[q]];
      for (let t = 0; t < no; t++) s -= b[r * no + t] * S[o[t] * d + m[q]];
      cond[r * nm + q] = s;
    }
  }
  for (let r = 0; r < nm; r++) {
    for (let q = r + 1; q < nm; q++) {
      const v = 0.5 * (cond[r * nm + q] + cond[q * nm + r]);
      cond[r * nm + q] = v;
      cond[q * nm + r] = v;
    }
  }
  return { linv, logConst: logWeight - 0.5 * no * LOG_2PI + logDetHalf, b, cond };
}

/**
 * The exact E-step for rows with missing cells (Ghahramani & Jordan 1994), in float64.
 *
 * For a row with observed coordinates o and missing m, and component k:
 * log p(x_o, z = k) = log π_k + log N(x_o | μ_k,o, Σ_k,oo) (the missing coordinates integrated out), which gives
 * the row's log-likelihood log Σ_k p(x_o, z = k) and the responsibilities r_ik. Given `shifts` m_k (K×D), it also
 * returns the expected complete-data statistics the M-step needs, about those shifts: N_k = Σ_i r_ik,
 * S1_k = Σ_i r_ik (x̂_ik − m_k) and S2_k = Σ_i r_ik ((x̂_ik − m_k)(x̂_ik − m_k)ᵀ + V_k), where x̂_ik = E[x_i | x_o, z = k]
 * has x̂_m = μ_m + Σ_mo Σ_oo⁻¹ (x_o − μ_o) and V_k is zero except for the conditional covariance
 * Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om on the missing block. Shifting by m_k (near the component) keeps the float64 sums free of
 * the cancellation that S2_k / N_k − μ_k μ_kᵀ would suffer for a component far from the origin. `logWeights` replaces log π_k (the Bayesian mixture passes its expected log-weights and terms).
 * Factors are computed once per pattern and component.
 */
export function missingEStep(
  state: GaussianComponents,
  logWeights: Float64Array,
  rows: MissingRows,
  values: Float64Array,
  opts: { shifts?: Float64Array; logResp: boolean },
): MissingEStep {
  const { k, d } = state;
  const total = rows.count;
  const logLik = new Float64Array(total);
  const logResp = opts.logResp ? new Float64Array(total * k) : null;
  const rowOrder = new Int32Array(total);
  const shifts = opts.shifts;
  const stats = shifts ? { nk: new Float64Array(k), s1: new Float64Array(k * d), s2: new Float64Array(k * d * d) } : null;
  const means = state.means;
  const lp = new Float64Array(k);
  const xo = new Float64Array(d);
  const diff = new Float64Array(d);
  const yhat = new Float64Array(d);
  const wsum = new Float64Array(k);
  let sumLogLik = 0;
  let at = 0;
  for (const p of rows.patterns) {
    const { observed: o, missing: m } = p;
    const no = o.length;
    const nm = m.length;
    const factors = Array.from({ length: k }, (_, c) => patternFactor(state, logWeights[c], c, o, m));
    wsum.fill(0);
    for (const i of p.rows) {
      for (let a = 0; a < no; a++) xo[a] = values[i * d + o[a]];
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        const linv = factors[c].linv;
        const mu = c * d;
        for (let a = 0; a < no; a++) diff[a] = xo[a] - means[mu + o[a]];
        let maha = 0;
        for (let a = 0; a < no; a++) {
          let z = 0;
          for (let t = 0; t <= a; t++) z += linv[a * no + t] * diff[t];
          maha += z * z;
        }
        lp[c] = factors[c].logConst - 0.5 * maha;
        if (lp[c] > max) max = lp[c];
      }
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.exp(lp[c] - max);
      const lse = max + Math.log(s);
      logLik[at] = lse;
      sumLogLik += lse;
      rowOrder[at] = i;
      if (logResp) for (let c = 0; c < k; c++) logResp[at * k + c] = lp[c] - lse;
      at += 1;
      if (!stats) continue;
      for (let c = 0; c < k; c++) {
        const r = Math.exp(lp[c] - lse);
        if (r === 0) continue;
        const b = factors[c].b;
        const mu = c * d;
        for (let a = 0; a < no; a++) {
          diff[a] = xo[a] - means[mu + o[a]];
          yhat[o[a]] = xo[a] - shifts![mu + o[a]];
        }
        for (let q = 0; q < nm; q++) {
          let v = means[mu + m[q]] - shifts![mu + m[q]];
          for (let a = 0; a < no; a++) v += b[q * no + a] * diff[a];
          yhat[m[q]] = v;
        }
        stats.nk[c] += r;
        wsum[c] += r;
        const s1 = c * d;
        const s2 = c * d * d;
        // Upper triangle only; mirrored once at the end.
        for (let a = 0; a < d; a++) {
          const ra = r * yhat[a];
          stats.s1[s1 + a] += ra;
          const row = s2 + a * d;
          for (let t = a; t < d; t++) stats.s2[row + t] += ra * yhat[t];
        }
      }
    }
    if (!stats) continue;
    for (let c = 0; c < k; c++) {
      const cond = factors[c].cond;
      const s2 = c * d * d;
      for (let q = 0; q < nm; q++) for (let t = 0; t < nm; t++) if (m[t] >= m[q]) stats.s2[s2 + m[q] * d + m[t]] += wsum[c] * cond[q * nm + t];
    }
  }
  if (stats) {
    for (let c = 0; c < k; c++) {
      const s2 = c * d * d;
      for (let a = 0; a < d; a++) for (let t = a + 1; t < d; t++) stats.s2[s2 + t * d + a] = stats.s2[s2 + a * d + t];
    }
  }
  return { logLik, logResp, rowOrder, stats, sumLogLik };
}
