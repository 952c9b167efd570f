"""Reference values for packages/models-vae/src/vsc (spike-and-slab KL terms of vae/vsc).

Run: /usr/bin/python3 tooling/reference/vsc_reference.py
Prints JSON (float64) that packages/models-vae/src/vsc/spike-slab.test.ts carries inline, for the posteriors Q
(3 rows) and prior components P (3 pseudo-inputs) below, K = 4 dimensions each, and alpha = 0.2:
- pairKl[i][j] = KL(q_i || p_j) of factorised spike-and-slab distributions, with the slab part integrated numerically
  (scipy.integrate.quad of N(z; mu, s) log(N(z; mu, s) / N(z; m, t))) rather than from the closed form;
- fixedKl[i] = KL(q_i || prod_k [alpha N(0, 1) + (1 - alpha) delta_0]), slab part by quadrature as well;
- bound[i] = -log((1/J) sum_j exp(-pairKl[i][j]));
- mixKl[i], mixKlSe[i]: Monte-Carlo estimate (and its standard error) of the exact KL(q_i || (1/J) sum_j p_j) from
  400,000 draws of q_i, densities taken with respect to Lebesgue measure plus a point mass at 0 per dimension;
- aggregate = K * KL(Bernoulli(mean of P's slab probabilities) || Bernoulli(alpha));
- at the draws Z below (zeros are spikes): logQ[i] = log q_i(Z[i]), logMix[i] = log (1/J) sum_j p_j(Z[i]) and
  logFixed[i] = log of the fixed prior at Z[i] (scipy.stats densities).
"""
import json

import numpy as np
from scipy import integrate, stats

ALPHA = 0.2
Q = {
    'loc': [[0.3, -1.2, 0.0, 2.0], [-0.7, 0.4, 1.1, -0.2], [1.5, 0.1, -0.6, 0.8]],
    'logScale': [[-0.5, 0.2, -1.0, 0.0], [0.1, -0.3, -0.8, 0.4], [-1.5, 0.3, 0.0, -0.2]],
    'slab': [[0.9, 0.3, 0.05, 0.6], [0.5, 0.97, 0.2, 0.4], [0.15, 0.7, 0.85, 0.02]],
}
Z = [[0.5, 0.0, -1.0, 0.0], [0.0, 0.3, 0.0, 2.0], [1.0, -0.5, 0.2, 0.0]]
P = {
    'loc': [[0.0, -1.0, 0.5, 1.5], [-0.5, 0.0, 1.0, 0.0], [1.0, 0.5, -1.0, 0.3]],
    'logScale': [[0.0, -0.4, 0.3, -0.2], [-0.6, 0.2, 0.0, 0.5], [0.4, -0.1, -0.5, 0.0]],
    'slab': [[0.6, 0.4, 0.1, 0.5], [0.3, 0.9, 0.25, 0.35], [0.2, 0.5, 0.7, 0.1]],
}


def gaussian_kl_quad(mu, s, m, t):
    f = lambda z: stats.norm.pdf(z, mu, s) * (stats.norm.logpdf(z, mu, s) - stats.norm.logpdf(z, m, t))
    return integrate.quad(f, mu - 12 * s, mu + 12 * s, epsabs=1e-13, epsrel=1e-12, limit=200)[0]


def bern_kl(g, h):
    return g * np.log(g / h) + (1 - g) * np.log((1 - g) / (1 - h))


def spike_slab_kl(mu, s, g, m, t, h):
    return sum(g[k] * gaussian_kl_quad(mu[k], s[k], m[k], t[k]) + bern_kl(g[k], h[k]) for k in range(len(mu)))


def log_density(z, mu, s, g):
    """log of the factorised spike-and-slab density of draws z [n, K] (w.r.t. Lebesgue + point mass at 0)."""
    on = z != 0
    slab = np.log(g) + stats.norm.logpdf(z, mu, s)
    spike = np.log1p(-g) * np.ones_like(z)
    return np.where(on, slab, spike).sum(axis=1)


q = {k: np.array(v) for k, v in Q.items()}
p = {k: np.array(v) for k, v in P.items()}
qs, ps = np.exp(q['logScale']), np.exp(p['logScale'])
b, kdim = q['loc'].shape
j = p['loc'].shape[0]
pair = np.array([[spike_slab_kl(q['loc'][i], qs[i], q['slab'][i], p['loc'][c], ps[c], p['slab'][c]) for c in range(j)] for i in range(b)])
fixed = np.array([spike_slab_kl(q['loc'][i], qs[i], q['slab'][i], np.zeros(kdim), np.ones(kdim), np.full(kdim, ALPHA)) for i in range(b)])
bound = -np.log(np.mean(np.exp(-pair), axis=1))

rng = np.random.default_rng(11)
n = 400_000
mix, mix_se = [], []
for i in range(b):
    active = rng.uniform(size=(n, kdim)) < q['slab'][i]
    z = np.where(active, q['loc'][i] + qs[i] * rng.standard_normal((n, kdim)), 0.0)
    log_q = log_density(z, q['loc'][i], qs[i], q['slab'][i])
    comps = np.stack([log_density(z, p['loc'][c], ps[c], p['slab'][c]) for c in range(j)], axis=1)
    log_p = np.logaddexp.reduce(comps, axis=1) - np.log(j)
    d = log_q - log_p
    mix.append(d.mean())
    mix_se.append(d.std(ddof=1) / np.sqrt(n))

zz = np.array(Z)
log_q_at = [log_density(zz[i:i + 1], q['loc'][i], qs[i], q['slab'][i])[0] for i in range(b)]
log_mix_at = [np.logaddexp.reduce([log_density(zz[i:i + 1], p['loc'][c], ps[c], p['slab'][c])[0] for c in range(j)]) - np.log(j) for i in range(b)]
log_fixed_at = [log_density(zz[i:i + 1], np.zeros(kdim), np.ones(kdim), np.full(kdim, ALPHA))[0] for i in range(b)]

gbar = p['slab'].mean()
aggregate = kdim * bern_kl(gbar, ALPHA)
print(json.dumps({'pairKl': pair.tolist(), 'fixedKl': fixed.tolist(), 'bound': bound.tolist(), 'mixKl': mix, 'mixKlSe': mix_se, 'aggregate': aggregate, 'logQ': log_q_at, 'logMix': log_mix_at, 'logFixed': log_fixed_at}, indent=1))
