#!/usr/bin/python3
"""PyTorch side of the `vae-mnist-epoch` benchmark (protocol: tooling/bench/README.md).

Usage: /usr/bin/python3 tooling/bench/vae_mnist_epoch_torch.py <data.bin> <init.json> <repeats>

Reads the N x 784 binary digits (uint8) and the initial weights written by the node side, checks the
deterministic value mean[log p(x | z = mu(x)) - KL] on the first rows (float64), then trains the same VAE
(784-256-20 encoder with location and log-scale heads in one layer, 20-256-784 decoder, Bernoulli likelihood,
reparameterised sample, analytic KL, Adam 1e-3, batch 128, a fresh permutation per epoch) for one warm-up epoch and
`repeats` timed epochs. Threads: LATENTKIT_BENCH_THREADS (default 2). Prints one JSON line on stdout.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from vae_bench_common import Mlp, kl_standard_normal


def main():
    data_path, init_path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    threads = int(os.environ.get('LATENTKIT_BENCH_THREADS', '2'))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    with open(init_path) as f:
        init = json.load(f)
    n, d, p = init['n'], init['d'], init['params']
    k = p['latentDim']
    x_all = torch.from_numpy(np.fromfile(data_path, dtype=np.uint8).reshape(n, d).astype(np.float32))
    w = init['weights']
    enc = Mlp(w, 'enc')
    dec = Mlp(w, 'dec')

    with torch.no_grad():
        xc = x_all[: init['checkRows']].double()
        h = enc.double()(xc)
        loc, log_scale = h[:, :k], h[:, k:]
        ll = -F.binary_cross_entropy_with_logits(dec.double()(loc), xc, reduction='none').sum(1)
        check = (ll - kl_standard_normal(loc, log_scale)).mean().item()
    enc.float()
    dec.float()

    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=p['learningRate'])
    batch = p['batchSize']
    epoch_ms = []
    elbo = float('nan')
    for _ in range(repeats + 1):
        t0 = time.perf_counter()
        order = torch.randperm(n)
        total = 0.0
        for start in range(0, n, batch):
            xb = x_all[order[start:start + batch]]
            h = enc(xb)
            loc, log_scale = h[:, :k], h[:, k:]
            z = loc + torch.exp(log_scale) * torch.randn_like(loc)
            ll = -F.binary_cross_entropy_with_logits(dec(z), xb, reduction='none').sum(1)
            elbo_rows = ll - kl_standard_normal(loc, log_scale)
            loss = -elbo_rows.mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += elbo_rows.sum().item()
        epoch_ms.append((time.perf_counter() - t0) * 1000)
        elbo = total / n
    timed = epoch_ms[1:]
    print(json.dumps({
        'impl': 'torch', 'n': n, 'd': d, 'k': k,
        'msPerIter': statistics.median(timed), 'msPerIterMin': min(timed),
        'msPerStep': statistics.median(timed) / ((n + batch - 1) // batch),
        'meanLogLik': check, 'trainElboAfter': elbo,
        'threads': torch.get_num_threads(), 'torch': torch.__version__, 'repeats': repeats,
    }))


if __name__ == '__main__':
    main()
