"""Reference values for packages/models-vae (likelihood heads and Gaussian KL of the VAE family).

Run: /usr/bin/python3 tooling/reference/vae_reference.py
Writes tooling/reference/fixtures/vae.json from torch (float64):
- bernoulli: per-element log-likelihood -BCEWithLogits(logits, x) and its gradient with respect to the logits,
  at logits from -40 to 40 and targets in {0, 0.3, 1};
- gaussian, poisson, negativeBinomial: per-row sums of torch.distributions log_prob (NegativeBinomial with
  total_count r and logits, torch's parameterisation) and, for the negative binomial, d/d log r of the sum;
- klStandardNormal: kl_divergence(Normal(mu, sigma), Normal(0, 1)).sum(-1) per row;
- klGaussian: kl_divergence(Normal(mu_q, sigma_q), Normal(mu_p, sigma_p)).sum(-1) per row.
"""
import json
import os

import torch
import torch.nn.functional as F
from torch import distributions as D

torch.set_default_dtype(torch.float64)
D.Distribution.set_default_validate_args(False)
g = torch.Generator().manual_seed(7)


def rows(t):
    return t.detach().tolist()


out = {}

logits = torch.tensor([[-40.0, -12.0, -3.0, -0.5, 0.0, 0.5, 3.0, 12.0, 40.0]] * 3, requires_grad=True)
x = torch.tensor([[0.0] * 9, [0.3] * 9, [1.0] * 9])
ll = -F.binary_cross_entropy_with_logits(logits, x, reduction='none')
ll.sum().backward()
out['bernoulli'] = {'logits': rows(logits), 'x': rows(x), 'logLik': rows(ll), 'gradLogits': rows(logits.grad)}

n, d = 4, 5
mean = torch.randn(n, d, generator=g)
log_scale = torch.randn(d, generator=g) * 0.5
xg = mean + torch.randn(n, d, generator=g) * torch.exp(log_scale)
out['gaussian'] = {
    'x': rows(xg), 'mean': rows(mean), 'logScale': rows(log_scale),
    'logLikRows': rows(D.Normal(mean, torch.exp(log_scale)).log_prob(xg).sum(-1)),
}

log_rate = torch.randn(n, d, generator=g)
xp = torch.tensor([[0, 1, 2, 5, 0], [3, 0, 0, 1, 7], [1, 1, 1, 1, 1], [0, 0, 12, 0, 2]], dtype=torch.float64)
out['poisson'] = {'x': rows(xp), 'logRate': rows(log_rate), 'logLikRows': rows(D.Poisson(torch.exp(log_rate)).log_prob(xp).sum(-1))}

nb_logits = torch.randn(n, d, generator=g)
log_r = (torch.randn(d, generator=g) * 0.7).requires_grad_(True)
nb_ll = D.NegativeBinomial(total_count=torch.exp(log_r), logits=nb_logits).log_prob(xp).sum(-1)
nb_ll.sum().backward()
out['negativeBinomial'] = {'x': rows(xp), 'logits': rows(nb_logits), 'logTotalCount': rows(log_r), 'logLikRows': rows(nb_ll), 'gradLogTotalCount': rows(log_r.grad)}

k = 3
mu = torch.randn(n, k, generator=g)
ls = torch.randn(n, k, generator=g) * 0.8
out['klStandardNormal'] = {
    'loc': rows(mu), 'logScale': rows(ls),
    'kl': rows(D.kl_divergence(D.Normal(mu, torch.exp(ls)), D.Normal(torch.zeros_like(mu), torch.ones_like(mu))).sum(-1)),
}
mu_p = torch.randn(n, k, generator=g)
ls_p = torch.randn(n, k, generator=g) * 0.8
out['klGaussian'] = {
    'locQ': rows(mu), 'logScaleQ': rows(ls), 'locP': rows(mu_p), 'logScaleP': rows(ls_p),
    'kl': rows(D.kl_divergence(D.Normal(mu, torch.exp(ls)), D.Normal(mu_p, torch.exp(ls_p))).sum(-1)),
}

path = os.path.join(os.path.dirname(__file__), 'fixtures', 'vae.json')
with open(path, 'w') as f:
    json.dump(out, f)
    f.write('\n')
print(f'wrote {path}')
