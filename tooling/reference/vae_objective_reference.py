"""Reference values for the VAE family's objective on fixed weights (issue #17).

Run: /usr/bin/python3 tooling/reference/vae_objective_reference.py
Writes tooling/reference/fixtures/vae-objective.json, computed in float64 with torch (python3-torch 1.13) and scipy
(python3-scipy 1.10), independently of latentkit's code:

- objective: for each likelihood (gaussian, bernoulli, poisson, negative-binomial) a small VAE (D = 5 features,
  one hidden layer of 4 ReLU units in the encoder and the decoder, K = 3 latents) with fixed weights, a fixed batch
  of N = 8 rows and fixed standard-normal draws eps. Weights, data and eps are rounded to float32 first, so that
  latentkit (float32) sees the very numbers this script uses. Encoder input: (x − mean)/sd with the population sd
  (gaussian), x (bernoulli), log(1 + x) (counts). q(z | x) = N(loc, diag exp(logScale)²) from the encoder's
  2K outputs (loc first), z = loc + exp(logScale)·eps, the decoder's output is the mean (gaussian, with a
  per-feature log σ), the logit (bernoulli), the log rate (poisson) or the logit with a per-feature log total
  count (torch's NegativeBinomial(total_count, logits)). Per row: the reconstruction log-likelihood
  log p(x | z) (torch.distributions), KL(q ‖ N(0, I)) (torch's kl_divergence); per batch, for β in BETAS, the
  loss β·mean(KL) − mean(log p(x | z)) and the ELBO mean(log p(x | z)) − mean(KL).
- tcvae: β-TCVAE's minibatch-weighted-sampling (MWS) decomposition (Chen et al. 2018, §4.1) on the gaussian case
  with N_TRAIN training rows:
  log q(z_i) ≈ logsumexp_m log q(z_i | x_m) − log(N_TRAIN·B), log q(z_ik) likewise per dimension;
  MI_i = log q(z_i | x_i) − log q(z_i), TC_i = log q(z_i) − Σ_k log q(z_ik), dimKL_i = Σ_k log q(z_ik) − log p(z_i),
  and the loss −mean(log p(x | z) − w·(MI + β·TC + dimKL)) for β = TC_BETA and KL weights w in TC_WEIGHTS, the loss
  with the batch as the whole training set (N_TRAIN = B = N).
- logProb: each likelihood's log-probability from scipy.stats on a grid including edge values (norm.logpdf,
  bernoulli.logpmf through log σ(±l) in float64, poisson.logpmf, nbinom.logpmf(x, r, σ(−ℓ)), scipy's failures-before-
  r-successes form, whose mean r·e^ℓ is latentkit's).
"""
import json
import os

import numpy as np
import torch
from scipy import special, stats
from torch import distributions as D

torch.set_default_dtype(torch.float64)
D.Distribution.set_default_validate_args(False)
g = torch.Generator().manual_seed(17)

N, DIM, HIDDEN, K = 8, 5, 4, 3
BETAS = [1.0, 4.0, 0.25]
N_TRAIN = 1000
TC_BETA = 6.0
TC_WEIGHTS = [1.0, 0.5]


def f32(t):
    return t.float().double()


def rows(t):
    return t.detach().tolist()


def randn(*shape, scale=1.0):
    return f32(torch.randn(*shape, generator=g) * scale)


def mlp(x, w0, b0, w1, b1):
    return torch.relu(x @ w0 + b0) @ w1 + b1


def data_for(kind):
    if kind == 'gaussian':
        return f32(torch.randn(N, DIM, generator=g) * 2 + 1)
    if kind == 'bernoulli':
        return (torch.rand(N, DIM, generator=g) < 0.4).double()
    rate = torch.exp(torch.randn(N, DIM, generator=g))
    return torch.poisson(rate * 3, generator=g)


def encoder_input(kind, x):
    if kind == 'gaussian':
        mean = x.mean(0)
        sd = ((x - mean) ** 2).mean(0).sqrt()
        return (x - mean) / sd
    if kind == 'bernoulli':
        return x
    return torch.log1p(x)


def log_lik(kind, x, out, lik):
    if kind == 'gaussian':
        return D.Normal(out, torch.exp(lik)).log_prob(x)
    if kind == 'bernoulli':
        return D.Bernoulli(logits=out).log_prob(x)
    if kind == 'poisson':
        return D.Poisson(torch.exp(out)).log_prob(x)
    return D.NegativeBinomial(total_count=torch.exp(lik), logits=out).log_prob(x)


def case(kind):
    x = data_for(kind)
    w = {
        'enc.w0': randn(DIM, HIDDEN, scale=0.4), 'enc.b0': randn(HIDDEN, scale=0.1),
        'enc.w1': randn(HIDDEN, 2 * K, scale=0.4), 'enc.b1': randn(2 * K, scale=0.1),
        'dec.w0': randn(K, HIDDEN, scale=0.6), 'dec.b0': randn(HIDDEN, scale=0.1),
        'dec.w1': randn(HIDDEN, DIM, scale=0.5), 'dec.b1': randn(DIM, scale=0.3),
    }
    lik = None
    if kind == 'gaussian':
        lik = w['lik.logScale'] = randn(DIM, scale=0.3)
    elif kind == 'negative-binomial':
        lik = w['lik.logTotalCount'] = randn(DIM, scale=0.5)
    eps = randn(N, K)
    h = mlp(encoder_input(kind, x), w['enc.w0'], w['enc.b0'], w['enc.w1'], w['enc.b1'])
    loc, log_scale = h[:, :K], h[:, K:]
    z = loc + torch.exp(log_scale) * eps
    out = mlp(z, w['dec.w0'], w['dec.b0'], w['dec.w1'], w['dec.b1'])
    ll_el = log_lik(kind, x, out, lik)
    ll = ll_el.sum(-1)
    kl_el = D.kl_divergence(D.Normal(loc, torch.exp(log_scale)), D.Normal(torch.zeros_like(loc), torch.ones_like(loc)))
    kl = kl_el.sum(-1)
    res = {
        'x': rows(x), 'weights': {k: rows(v) for k, v in w.items()}, 'eps': rows(eps),
        'loc': rows(loc), 'logScale': rows(log_scale), 'z': rows(z),
        'logLikRows': rows(ll), 'klRows': rows(kl),
        # Σ_j |log p(x_ij | z_i)| and Σ_k |KL_ik|: the magnitudes the float32 tolerances scale with.
        'logLikAbsRows': rows(ll_el.abs().sum(-1)), 'klAbsRows': rows(kl_el.abs().sum(-1)),
        'betas': [{'beta': b, 'loss': float(b * kl.mean() - ll.mean()), 'elbo': float(ll.mean() - kl.mean())} for b in BETAS],
    }
    return res, (z, loc, log_scale, ll)


def mws(z, loc, log_scale, n_train):
    b = z.shape[0]
    pairwise = D.Normal(loc.unsqueeze(0), torch.exp(log_scale).unsqueeze(0)).log_prob(z.unsqueeze(1))  # [i, m, k]
    log_qz_cond = D.Normal(loc, torch.exp(log_scale)).log_prob(z).sum(-1)
    log_nm = np.log(n_train * b)
    log_qz = torch.logsumexp(pairwise.sum(-1), 1) - log_nm
    log_qz_prod = (torch.logsumexp(pairwise, 1) - log_nm).sum(-1)
    log_pz = D.Normal(torch.zeros_like(z), torch.ones_like(z)).log_prob(z).sum(-1)
    return log_qz_cond - log_qz, log_qz - log_qz_prod, log_qz_prod - log_pz


out = {'sizes': {'n': N, 'd': DIM, 'hidden': HIDDEN, 'latent': K}, 'objective': {}}
for kind in ['gaussian', 'bernoulli', 'poisson', 'negative-binomial']:
    res, parts = case(kind)
    out['objective'][kind] = res
    if kind == 'gaussian':
        z, loc, log_scale, ll = parts
        mi, tc, dkl = mws(z, loc, log_scale, N_TRAIN)
        # The losses treat the batch as the whole training set (N = B), as a fit on these N rows in one batch does.
        mi_b, tc_b, dkl_b = mws(z, loc, log_scale, N)
        out['tcvae'] = {
            'likelihood': kind, 'nTrain': N_TRAIN, 'beta': TC_BETA,
            'mutualInformation': rows(mi), 'totalCorrelation': rows(tc), 'dimensionKl': rows(dkl),
            'losses': [{'klWeight': wk, 'loss': float(-(ll - wk * (mi_b + TC_BETA * tc_b + dkl_b)).mean())} for wk in TC_WEIGHTS],
            'elbo': res['betas'][0]['elbo'],
        }

# Likelihood log-probabilities on grids with edge values, from scipy.stats (float64).
mu = np.array([0.0, 0.0, 0.0, 3.0, -2.5, 1e3, 0.0])
xg = np.array([0.0, 1e-3, -4.0, 3.0, 10.0, 1e3 + 7.0, 30.0])
log_sigma = np.array([0.0, -5.0, 0.0, 2.0, -1.0, 1.5, 3.0])
logits = np.array([-30.0, -12.0, -1.0, 0.0, 0.5, 12.0, 30.0])
xb = np.array([0.0, 1.0])
counts = np.array([0, 1, 2, 5, 17, 100, 1000], dtype=float)
eta = np.array([-10.0, -2.0, 0.0, 1.0, 2.5, 4.6, 7.0])
nb_logits = np.array([-8.0, -2.0, 0.0, 1.0, 3.0])
log_r = np.array([-3.0, -1.0, 0.0, 1.0, 4.0])


def grid(*arrays):
    mesh = np.meshgrid(*arrays, indexing='ij')
    return [m.ravel() for m in mesh]


gaussian = {'x': [], 'mean': [], 'logScale': [], 'logProb': []}
for x, m in zip(*grid(xg, mu)):
    for ls in log_sigma:
        gaussian['x'].append(x)
        gaussian['mean'].append(m)
        gaussian['logScale'].append(ls)
        gaussian['logProb'].append(float(stats.norm.logpdf(x, loc=m, scale=np.exp(ls))))
bx, bl = grid(xb, logits)


def bernoulli_log_prob(x, logit):
    # scipy's bernoulli.logpmf(x, p) needs p = σ(l), which rounds to 1 for l ≥ 37 and loses log(1 − p) well before:
    # beyond |l| = 10 the same mass through scipy.special.log_expit in float64.
    if abs(logit) < 10:
        return float(stats.bernoulli.logpmf(x, special.expit(logit)))
    return float(special.log_expit(logit) if x else special.log_expit(-logit))


bernoulli = {'x': bx.tolist(), 'logit': bl.tolist(), 'logProb': [bernoulli_log_prob(x, l) for x, l in zip(bx, bl)]}
px, pe = grid(counts, eta)
poisson = {
    'x': px.tolist(), 'logRate': pe.tolist(),
    'logProb': [float(stats.poisson.logpmf(x, np.exp(e))) for x, e in zip(px, pe)],
}
nx, nl, nr = grid(counts, nb_logits, log_r)
nbinom = {
    'x': nx.tolist(), 'logit': nl.tolist(), 'logTotalCount': nr.tolist(),
    'logProb': [float(stats.nbinom.logpmf(x, np.exp(r), special.expit(-l))) for x, l, r in zip(nx, nl, nr)],
    'mean': [float(stats.nbinom.mean(np.exp(r), special.expit(-l))) for l, r in zip(nl, nr)],
}
out['logProb'] = {'gaussian': gaussian, 'bernoulli': bernoulli, 'poisson': poisson, 'negative-binomial': nbinom}
for v in out['logProb'].values():
    assert all(np.isfinite(v['logProb'])), 'a reference log-probability is not finite'

path = os.path.join(os.path.dirname(__file__), 'fixtures', 'vae-objective.json')
with open(path, 'w') as f:
    json.dump(out, f)
    f.write('\n')
print(f'wrote {path}')
