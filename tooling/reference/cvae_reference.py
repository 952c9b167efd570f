#!/usr/bin/env python3
"""A plain PyTorch contrastive VAE, the reference for `contrastive/cvae` (ALGORITHMS.md §3.7).

Model: separate MLP encoders q(z | x) and q(t | x) (one hidden ReLU layer each, on the standardised x), one decoder MLP
on [z, m·t] (m = 1 target, 0 background: t is zeroed for background rows in decoding only), a Gaussian likelihood with
a learned log σ_j per feature (initialised at log of the column standard deviation; decoder output bias at the column
means), N(0, I) priors on both blocks (`--prior gaussian`, analytic KLs) or a learnable mixture of `--components`
diagonal Gaussians per block (`--prior mixture`: means drawn from N(0, 1), log scales 0, equal weights; KL by the
one-sample estimate log q(v | x) − log p(v) at the reparameterised draw), ELBO per row = log p(x | z, m·t) − KL_z −
m·KL_t, loss = mean over the minibatch of −ELBO (+ optional penalties: contrastiveVI's Wasserstein term on background
rows, HSIC of the target rows' posterior means, MM-cVAE's MMD(z_bg, z_tg) + MMD(t_bg, 0) on the draws), Adam, shuffled
minibatches of both groups together. This is the
model of packages/models-vae/src/contrastive with `prior: 'gaussian'`, written independently.

Data: a CSV from tooling/experiments/cvae-sim-data.mjs (columns x1.., group, z1.., t1.., zc, tc).
Scores, on the target rows with the regressor of @latentkit/metrics' block R² (kernel ridge, RBF, α = 0.1,
γ = 1/d′, both blocks standardised with the training rows' mean and population sd, the first 2,000 target rows train
and the next 1,000 test, or the first 2/3 and the rest with fewer than 3,000 rows): shared = R²(true z | ẑ),
salient = R²(true t | t̂), leakage = max(R²(true t | ẑ), R²(true z | t̂)), with ẑ, t̂ the posterior means; and the
same with a linear probe (`linear_r2`: OLS with intercept, lin:shared, lin:salient, lin:leakage).

Run (Debian's python3-torch 1.13; /usr/bin/python3):
  node tooling/experiments/cvae-sim-data.mjs --seed 1 > /tmp/cv1.csv
  /usr/bin/python3 tooling/reference/cvae_reference.py /tmp/cv1.csv --shared-dim 2 --salient-dim 2 --seed 0
Prints one JSON line per fit.
"""
import argparse
import json
import time

import numpy as np
import torch
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import LinearRegression
from torch import nn


def block_r2(truth, pred):
    """@latentkit/metrics' block R² (metrics/block-r2 with its defaults) on rows in the given order."""
    n = len(truth)
    if n >= 3000:
        tr, te = np.arange(2000), np.arange(2000, 3000)
    else:
        k = min(max(int(np.floor(n * 2000 / 3000 + 0.5)), 1), n - 1)
        tr, te = np.arange(k), np.arange(k, n)

    def std(a):
        m = a[tr].mean(0)
        s = a[tr].std(0)
        s[s == 0] = 1
        return (a - m) / s

    x, y = std(pred), std(truth)
    model = KernelRidge(alpha=0.1, kernel="rbf", gamma=1.0 / pred.shape[1]).fit(x[tr], y[tr])
    f = model.predict(x[te])
    r2 = [1 - ((y[te, j] - f[:, j]) ** 2).sum() / ((y[te, j] - y[te, j].mean()) ** 2).sum() for j in range(y.shape[1])]
    return float(np.mean(r2))


def linear_r2(truth, pred):
    """The linear probe of tooling/experiments/linear-r2.mjs: OLS with intercept, first 2,000 rows train, next 1,000 test."""
    n = len(truth)
    k = 2000 if n >= 3000 else min(max(int(np.floor(n * 2000 / 3000 + 0.5)), 1), n - 1)
    m = 1000 if n >= 3000 else n - k
    f = LinearRegression().fit(pred[:k], truth[:k]).predict(pred[k : k + m])
    y = truth[k : k + m]
    return float(np.mean([1 - ((y[:, j] - f[:, j]) ** 2).sum() / ((y[:, j] - y[:, j].mean()) ** 2).sum() for j in range(y.shape[1])]))


def mlp(d_in, hidden, d_out):
    layers, prev = [], d_in
    for h in hidden:
        layers += [nn.Linear(prev, h), nn.ReLU()]
        prev = h
    layers.append(nn.Linear(prev, d_out))
    return nn.Sequential(*layers)


def hsic(x, y):
    """Biased HSIC with RBF kernels of median-heuristic width (widths constant), as cvae-regularizers.ts."""
    def gram(a):
        d2 = torch.cdist(a, a) ** 2
        n = a.shape[0]
        off = d2[torch.triu_indices(n, n, 1).unbind()].detach()
        med = off.median().clamp_min(1e-12)
        return torch.exp(-d2 / (2 * med))

    k, l = gram(x), gram(y)
    kc = k - k.mean(1, keepdim=True) - k.mean(0, keepdim=True) + k.mean()
    return (kc * l).sum() / x.shape[0] ** 2


MMD_GAMMAS = [10.0 ** (i - 6) for i in range(13)]


def mmd(x, y):
    """Biased MMD² with MM-cVAE's 13 RBF kernels Σ_γ exp(−γ‖a − b‖²), clipped at 0, as cvae-regularizers.ts."""

    def k(a, b):
        d2 = torch.cdist(a, b) ** 2
        return sum(torch.exp(-g * d2) for g in MMD_GAMMAS).mean()

    return torch.relu(k(x, x) + k(y, y) - 2 * k(x, y))


def log_normal(v, mu, log_scale):
    return -0.5 * np.log(2 * np.pi) - log_scale - 0.5 * ((v - mu) / torch.exp(log_scale)) ** 2


def mixture_kl(v, mu, log_scale, prior):
    """One-sample KL estimate log q(v | x) − log p(v) per row, p the mixture (loc [K, d], log scale [K, d], logits [K])."""
    loc, lsc, logits = prior
    lq = log_normal(v, mu, log_scale).sum(1)
    lp = torch.logsumexp(log_normal(v[:, None, :], loc[None], lsc[None]).sum(2) + torch.log_softmax(logits, 0)[None], 1)
    return lq - lp


def main():
    p = argparse.ArgumentParser()
    p.add_argument("csv")
    p.add_argument("--shared-dim", type=int, default=2)
    p.add_argument("--salient-dim", type=int, default=2)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--wasserstein", type=float, default=0.0, help="weight of contrastiveVI's penalty on background t")
    p.add_argument("--hsic", type=float, default=0.0, help="weight of HSIC(mu_z, mu_t) on target rows")
    p.add_argument("--mmd", type=float, default=0.0, help="weight of MM-cVAE's MMD(z_bg, z_tg) + MMD(t_bg, 0)")
    p.add_argument("--prior", choices=["gaussian", "mixture"], default="gaussian")
    p.add_argument("--components", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(1)

    header = open(a.csv).readline().strip().split(",")
    raw = np.loadtxt(a.csv, delimiter=",", skiprows=1)
    xcols = [i for i, c in enumerate(header) if c.startswith("x")]
    zcols = [i for i, c in enumerate(header) if c.startswith("z") and c != "zc"]
    tcols = [i for i, c in enumerate(header) if c.startswith("t") and c != "tc"]
    x = raw[:, xcols]
    m = raw[:, header.index("group")]
    mean, sd = x.mean(0), x.std(0)
    xt = torch.tensor(x, dtype=torch.float32)
    xe = torch.tensor((x - mean) / sd, dtype=torch.float32)
    mt = torch.tensor(m, dtype=torch.float32)
    d, dz, dt = x.shape[1], a.shared_dim, a.salient_dim

    encz, enct = mlp(d, [a.hidden], 2 * dz), mlp(d, [a.hidden], 2 * dt)
    dec = mlp(dz + dt, [a.hidden], d)
    with torch.no_grad():
        dec[-1].bias.copy_(torch.tensor(mean, dtype=torch.float32))
    log_sigma = nn.Parameter(torch.tensor(np.log(sd), dtype=torch.float32))
    k = a.components
    prior_z = [nn.Parameter(torch.randn(k, dz)), nn.Parameter(torch.zeros(k, dz)), nn.Parameter(torch.zeros(k))]
    prior_t = [nn.Parameter(torch.randn(k, dt)), nn.Parameter(torch.zeros(k, dt)), nn.Parameter(torch.zeros(k))]
    params = [*encz.parameters(), *enct.parameters(), *dec.parameters(), log_sigma]
    if a.prior == "mixture":
        params += prior_z + prior_t
    opt = torch.optim.Adam(params, lr=a.lr)

    def kl(mu, ls):
        return 0.5 * (mu**2 + torch.exp(2 * ls) - 2 * ls - 1).sum(1)

    n = len(x)
    start = time.time()
    for _ in range(a.epochs):
        perm = torch.randperm(n)
        for s in range(0, n, a.batch_size):
            idx = perm[s : s + a.batch_size]
            xb, eb, mb = xt[idx], xe[idx], mt[idx]
            hz, ht = encz(eb), enct(eb)
            muz, lsz, mut, lst = hz[:, :dz], hz[:, dz:], ht[:, :dt], ht[:, dt:]
            z = muz + torch.exp(lsz) * torch.randn_like(muz)
            t = mut + torch.exp(lst) * torch.randn_like(mut)
            out = dec(torch.cat([z, t * mb[:, None]], 1))
            ll = (-0.5 * np.log(2 * np.pi) - log_sigma - 0.5 * ((xb - out) / torch.exp(log_sigma)) ** 2).sum(1)
            if a.prior == "mixture":
                elbo = ll - mixture_kl(z, muz, lsz, prior_z) - mb * mixture_kl(t, mut, lst, prior_t)
            else:
                elbo = ll - kl(muz, lsz) - mb * kl(mut, lst)
            loss = -elbo.mean()
            bg, tg = mb == 0, mb == 1
            if a.wasserstein > 0 and bg.any():
                loss = loss + a.wasserstein * (mut[bg] ** 2 + torch.exp(2 * lst[bg])).sum(1).mean()
            if a.mmd > 0 and bg.sum() > 1 and tg.sum() > 1:
                loss = loss + a.mmd * (mmd(z[bg], z[tg]) + mmd(t[bg], torch.zeros_like(t[bg])))
            if a.hsic > 0 and tg.sum() > 1:
                loss = loss + a.hsic * hsic(muz[tg], mut[tg])
            opt.zero_grad()
            loss.backward()
            opt.step()
    seconds = time.time() - start

    with torch.no_grad():
        zh, th = encz(xe)[:, :dz].numpy(), enct(xe)[:, :dt].numpy()
    tg = m == 1
    zt, tt = raw[tg][:, zcols], raw[tg][:, tcols]
    out = {
        "csv": a.csv,
        "sharedDim": dz,
        "salientDim": dt,
        "hidden": a.hidden,
        "epochs": a.epochs,
        "batchSize": a.batch_size,
        "lr": a.lr,
        "wasserstein": a.wasserstein,
        "hsic": a.hsic,
        "mmd": a.mmd,
        "prior": a.prior,
        "seed": a.seed,
        "shared": block_r2(zt, zh[tg]),
        "salient": block_r2(tt, th[tg]),
        "tFromZ": block_r2(tt, zh[tg]),
        "zFromT": block_r2(zt, th[tg]),
        "lin:shared": linear_r2(zt, zh[tg]),
        "lin:salient": linear_r2(tt, th[tg]),
        "lin:leakage": max(linear_r2(tt, zh[tg]), linear_r2(zt, th[tg])),
        "seconds": round(seconds, 1),
    }
    out["leakage"] = max(out["tFromZ"], out["zFromT"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
