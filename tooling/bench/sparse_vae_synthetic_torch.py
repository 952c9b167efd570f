#!/usr/bin/python3
"""PyTorch side of the `sparse-vae-synthetic` benchmark (protocol: tooling/bench/README.md).

Usage: /usr/bin/python3 tooling/bench/sparse_vae_synthetic_torch.py <data.bin> <init.json> <repeats>

The same Sparse VAE as vae/sparse-vae, written for PyTorch: encoder G-50-50-(2K) on standardised columns;
decoder x_ij = f(w_j * z_i)_j with the masked inputs of all features as one [B, G, K] tensor through the shared
generator (K-50 without bias, 50-50, ReLU after each) and per-feature heads (G x 50 weights, G biases) as one
elementwise product and sum; Gaussian likelihood with learned log sigma_j. Loss per minibatch (the paper's
per-sample form): -mean_i[log p(x_i | z_i) - KL_i] - (1/N)[-sum_jk (l1 p*_jk + l0 (1 - p*_jk)) |w_jk|
- sum_j ((nu + 2) log sigma_j + nu xi / (2 sigma_j^2))]; Adam 0.01; after every step the closed-form E-step
p* (with the lambda/2 normalisers) and M-step eta. Starts from the node side's weights; checks
mean[log p(x | z = mu) - KL] at them (float64). Timed: max(1, round(repeats / 5)) fits of `epochs` epochs after a
2-epoch warm-up. Threads: LATENTKIT_BENCH_THREADS (default 2). One JSON line on stdout.
"""
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch

from vae_bench_common import Mlp, kl_standard_normal, tensor


class SparseVae(torch.nn.Module):
    def __init__(self, w, k):
        super().__init__()
        self.k = k
        self.enc = Mlp(w, 'enc')
        self.gen = Mlp(w, 'gen', activate_last=True)
        self.mask = torch.nn.Parameter(tensor(w['mask']))
        self.head_w = torch.nn.Parameter(tensor(w['head.w']))
        self.head_b = torch.nn.Parameter(tensor(w['head.b']))
        self.log_scale = torch.nn.Parameter(tensor(w['lik.logScale']))

    def encode(self, x_enc):
        h = self.enc(x_enc)
        return h[:, :self.k], h[:, self.k:]

    def decode(self, z):
        b, g = z.shape[0], self.mask.shape[0]
        masked = (z[:, None, :] * self.mask[None, :, :]).reshape(b * g, self.k)
        h = self.gen(masked).reshape(b, g, -1)
        return (h * self.head_w[None]).sum(-1) + self.head_b

    def log_lik(self, x, mean):
        return (-0.5 * ((x - mean) * torch.exp(-self.log_scale)) ** 2 - self.log_scale - 0.5 * math.log(2 * math.pi)).sum(1)


def e_step(mask, eta, p):
    norm = math.log(p['slabPenalty'] / 2) - math.log(p['spikePenalty'] / 2)
    log_odds = torch.log(eta) - torch.log1p(-eta) + norm + (p['spikePenalty'] - p['slabPenalty']) * mask.abs()
    return torch.sigmoid(log_odds)


def m_step(p_star, p, g):
    a, b = p['inclusionPriorA'], p['inclusionPriorB'] or g
    return ((p_star.sum(0) + a - 1) / (a + b + g - 2)).clamp(1e-10, 1 - 1e-10)


def fit(model, x_all, x_enc_all, extra, p, epochs):
    n, g = x_all.shape
    opt = torch.optim.Adam(model.parameters(), lr=p['learningRate'])
    eta = torch.tensor(extra['eta'], dtype=torch.float64)
    p_star = torch.tensor(extra['inclusion'], dtype=torch.float64).reshape(g, -1)
    nu, xi = p['noisePriorDf'], extra['noisePriorScale']
    batch = p['batchSize']
    epoch_ms = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        order = torch.randperm(n)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            xb, xe = x_all[idx], x_enc_all[idx]
            loc, log_scale = model.encode(xe)
            z = loc + torch.exp(log_scale) * torch.randn_like(loc)
            elbo_rows = model.log_lik(xb, model.decode(z)) - kl_standard_normal(loc, log_scale)
            penalty = p['slabPenalty'] * p_star + p['spikePenalty'] * (1 - p_star)
            log_prior = -(penalty.float() * model.mask.abs()).sum() - ((nu + 2) * model.log_scale.sum() + 0.5 * nu * xi * torch.exp(-2 * model.log_scale).sum())
            loss = -elbo_rows.mean() - log_prior / n
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                p_star = e_step(model.mask.double(), eta, p)
                eta = m_step(p_star, p, g)
        epoch_ms.append((time.perf_counter() - t0) * 1000)
    return epoch_ms


def main():
    data_path, init_path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(int(os.environ.get('LATENTKIT_BENCH_THREADS', '2')))
    torch.manual_seed(0)
    with open(init_path) as f:
        init = json.load(f)
    n, d, p = init['n'], init['d'], init['params']
    x64 = np.fromfile(data_path, dtype='<f8').reshape(n, d)
    shift, scale = np.array(init['input']['shift']), np.array(init['input']['scale'])
    x_all = torch.from_numpy(x64.astype(np.float32))
    x_enc_all = torch.from_numpy(((x64 - shift) / scale).astype(np.float32))

    check_model = SparseVae(init['weights'], p['latentDim']).double()
    with torch.no_grad():
        loc, log_scale = check_model.encode(torch.from_numpy((x64 - shift) / scale))
        check = (check_model.log_lik(torch.from_numpy(x64), check_model.decode(loc)) - kl_standard_normal(loc, log_scale)).mean().item()

    fit(SparseVae(init['weights'], p['latentDim']), x_all, x_enc_all, init['extra'], p, 2)
    fits = max(1, round(repeats / 5))
    runs = [fit(SparseVae(init['weights'], p['latentDim']), x_all, x_enc_all, init['extra'], p, p['epochs']) for _ in range(fits)]
    epochs = [ms for run in runs for ms in run[1:]]
    print(json.dumps({
        'impl': 'torch', 'n': n, 'd': d, 'k': p['latentDim'],
        'msPerIter': statistics.median([sum(r) for r in runs]),
        'msPerEpoch': statistics.median(epochs), 'msPerStep': statistics.median(epochs) / ((n + p['batchSize'] - 1) // p['batchSize']),
        'meanLogLik': check, 'epochs': p['epochs'], 'fits': fits,
        'threads': torch.get_num_threads(), 'torch': torch.__version__,
    }))


if __name__ == '__main__':
    main()
