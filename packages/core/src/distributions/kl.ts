import * as tf from '@tensorflow/tfjs-core';
import { digammaT } from '../special/digamma-tensor.js';
import { lgammaT } from '../special/lgamma-tensor.js';
import { log1pexpT } from '../special/log1pexp-tensor.js';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Categorical } from './categorical.js';
import { Dirichlet } from './dirichlet.js';
import type { Distribution } from './distribution.js';
import { Gamma } from './gamma.js';
import { Laplace } from './laplace.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal, normalKl } from './normal.js';
import { Poisson } from './poisson.js';
import { toFloat } from './tensor-helpers.js';
import { batchDiagonal, solveLowerTriangular } from './triangular-solve.js';

function klNormal(p: Normal, q: Normal): tf.Tensor {
  return normalKl(toFloat(p.loc), p.logScaleT(), toFloat(q.loc), q.logScaleT());
}

function klMultivariateNormal(p: MultivariateNormal, q: MultivariateNormal): tf.Tensor {
  const d = p.eventShape[0];
  if (q.eventShape[0] !== d) throw new Error(`klDivergence: MultivariateNormal dimensions ${d} and ${q.eventShape[0]} differ`);
  const lp = toFloat(p.scaleTril);
  const lq = toFloat(q.scaleTril);
  const perm = lp.shape.map((_, i) => i);
  perm[lp.rank - 1] = lp.rank - 2;
  perm[lp.rank - 2] = lp.rank - 1;
  // Row j of M is Lq⁻¹ (column j of Lp), so ‖M‖²_F = tr(Σq⁻¹ Σp).
  const m = solveLowerTriangular(tf.expandDims(lq, -3), tf.transpose(lp, perm));
  const trace = tf.sum(tf.square(m), [-2, -1]);
  const z = solveLowerTriangular(lq, tf.sub(toFloat(q.loc), toFloat(p.loc)));
  const mahalanobis = tf.sum(tf.square(z), -1);
  const logDetRatio = tf.sub(tf.sum(tf.log(batchDiagonal(lq)), -1), tf.sum(tf.log(batchDiagonal(lp)), -1));
  return tf.add(tf.mul(tf.sub(tf.add(trace, mahalanobis), d), 0.5), logDetRatio);
}

function klBernoulli(p: Bernoulli, q: Bernoulli): tf.Tensor {
  const lp = p.logits();
  const lq = q.logits();
  const pp = tf.sigmoid(lp);
  const t1 = tf.mul(pp, tf.sub(log1pexpT(tf.neg(lq)), log1pexpT(tf.neg(lp))));
  const t2 = tf.mul(tf.sub(1, pp), tf.sub(log1pexpT(lq), log1pexpT(lp)));
  return tf.add(t1, t2);
}

function klCategorical(p: Categorical, q: Categorical): tf.Tensor {
  const pp = p.probs();
  const t = tf.mul(pp, tf.sub(p.logits(), q.logits()));
  // As torch: +∞ where q has probability exactly 0 (its clamped logits would hide that), 0 where p does.
  const missing = tf.where(tf.equal(q.probs(), 0), Infinity, t);
  return tf.sum(tf.where(tf.equal(pp, 0), 0, missing), -1);
}

function klDirichlet(p: Dirichlet, q: Dirichlet): tf.Tensor {
  const a = toFloat(p.concentration);
  const b = toFloat(q.concentration);
  const a0 = tf.sum(a, -1);
  const t1 = tf.sub(lgammaT(a0), lgammaT(tf.sum(b, -1)));
  const t2 = tf.sum(tf.sub(lgammaT(a), lgammaT(b)), -1);
  const t3 = tf.sum(tf.mul(tf.sub(a, b), tf.sub(digammaT(a), tf.expandDims(digammaT(a0), -1))), -1);
  return tf.add(tf.sub(t1, t2), t3);
}

function klBeta(p: Beta, q: Beta): tf.Tensor {
  const pa = toFloat(p.a);
  const pb = toFloat(p.b);
  const qa = toFloat(q.a);
  const qb = toFloat(q.b);
  const sp = tf.add(pa, pb);
  const sq = tf.add(qa, qb);
  const t1 = tf.add(tf.add(lgammaT(qa), lgammaT(qb)), lgammaT(sp));
  const t2 = tf.add(tf.add(lgammaT(pa), lgammaT(pb)), lgammaT(sq));
  const t3 = tf.mul(tf.sub(pa, qa), digammaT(pa));
  const t4 = tf.mul(tf.sub(pb, qb), digammaT(pb));
  const t5 = tf.mul(tf.sub(sq, sp), digammaT(sp));
  return tf.add(tf.add(tf.sub(t1, t2), tf.add(t3, t4)), t5);
}

function klGamma(p: Gamma, q: Gamma): tf.Tensor {
  const pa = toFloat(p.concentration);
  const pb = toFloat(p.rate);
  const qa = toFloat(q.concentration);
  const qb = toFloat(q.rate);
  const t1 = tf.mul(qa, tf.log(tf.div(pb, qb)));
  const t2 = tf.sub(lgammaT(qa), lgammaT(pa));
  const t3 = tf.mul(tf.sub(pa, qa), digammaT(pa));
  const t4 = tf.mul(tf.sub(qb, pb), tf.div(pa, pb));
  return tf.add(tf.add(t1, t2), tf.add(t3, t4));
}

function klPoisson(p: Poisson, q: Poisson): tf.Tensor {
  const rp = toFloat(p.rate);
  const rq = toFloat(q.rate);
  return tf.sub(tf.mul(rp, tf.sub(tf.log(rp), tf.log(rq))), tf.sub(rp, rq));
}

function klLaplace(p: Laplace, q: Laplace): tf.Tensor {
  const ratio = tf.div(toFloat(p.scale), toFloat(q.scale));
  const dev = tf.abs(tf.sub(toFloat(p.loc), toFloat(q.loc)));
  const t2 = tf.div(dev, toFloat(q.scale));
  const t3 = tf.mul(ratio, tf.exp(tf.neg(tf.div(dev, toFloat(p.scale)))));
  return tf.sub(tf.add(tf.sub(t2, tf.log(ratio)), t3), 1);
}

type Ctor<T> = abstract new (...args: any[]) => T;
interface KlRule {
  p: Ctor<Distribution>;
  q: Ctor<Distribution>;
  kl: (p: any, q: any) => tf.Tensor;
}

const RULES: KlRule[] = [
  { p: Normal, q: Normal, kl: klNormal },
  { p: MultivariateNormal, q: MultivariateNormal, kl: klMultivariateNormal },
  { p: Bernoulli, q: Bernoulli, kl: klBernoulli },
  { p: Categorical, q: Categorical, kl: klCategorical },
  { p: Dirichlet, q: Dirichlet, kl: klDirichlet },
  { p: Beta, q: Beta, kl: klBeta },
  { p: Gamma, q: Gamma, kl: klGamma },
  { p: Poisson, q: Poisson, kl: klPoisson },
  { p: Laplace, q: Laplace, kl: klLaplace },
];

/**
 * Closed-form Kullback–Leibler divergence KL(p ‖ q) = E_p[log p(x) − log q(x)], elementwise over the broadcast
 * batch shape (event dimensions reduced), with the same formulas as torch's `kl_divergence`.
 *
 * Supported pairs (both of the same family): Normal (log(σq/σp) + (σp² + (μp − μq)²)/(2σq²) − ½),
 * MultivariateNormal (½[tr(Σq⁻¹Σp) + (μq − μp)ᵀΣq⁻¹(μq − μp) − d] + log|Lq| − log|Lp|, via triangular solves),
 * Bernoulli, Categorical (Σ πp(log πp − log πq), +∞ where q gives mass 0 to a category p uses),
 * Dirichlet, Beta, Gamma (via lgamma and digamma), Poisson (λp log(λp/λq) − λp + λq)
 * and Laplace (log(bq/bp) + |μp − μq|/bq + (bp/bq)·e^(−|μp − μq|/bp) − 1).
 * Any other pair throws an error naming both distributions.
 *
 * @example
 * ```ts
 * const kl = klDivergence(new Normal(mu, sigma), new Normal(0, 1)); // the VAE regulariser, per latent
 * ```
 */
export function klDivergence(p: Distribution, q: Distribution): tf.Tensor {
  const rule = RULES.find((r) => p instanceof r.p && q instanceof r.q);
  if (!rule) {
    throw new Error(`klDivergence: no closed form for ${p.name} ‖ ${q.name}; supported pairs are ${RULES.map((r) => `${r.p.name} ‖ ${r.q.name}`).join(', ')}`);
  }
  return tf.tidy(() => rule.kl(p, q));
}
