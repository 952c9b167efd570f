"""Reference values for packages/core/src/distributions (tensor distributions on tfjs).

Run: /usr/bin/python3 tooling/reference/distributions_reference.py
Writes tooling/reference/fixtures/distributions.json from torch.distributions in float64:
log_prob at fixed points, entropy, mean and variance of each case, and kl_divergence for pairs.
Parameter names are latentkit's (loc, scale, scaleTril, logits, probs, totalCount, concentration, a, b, rate, temperature).
"""
import json
import os

import torch
from torch import distributions as D

torch.set_default_dtype(torch.float64)
# Bernoulli log_prob is also checked at a non-binary value (0.25), as used by relaxed decoders.
D.Distribution.set_default_validate_args(False)


def t(x):
    return torch.tensor(x, dtype=torch.float64)


def build(name, p):
    if name == 'Normal':
        return D.Normal(t(p['loc']), t(p['scale']))
    if name == 'MultivariateNormal':
        return D.MultivariateNormal(t(p['loc']), scale_tril=t(p['scaleTril']))
    if name == 'Bernoulli':
        return D.Bernoulli(logits=t(p['logits'])) if 'logits' in p else D.Bernoulli(probs=t(p['probs']))
    if name == 'Categorical':
        return D.Categorical(logits=t(p['logits'])) if 'logits' in p else D.Categorical(probs=t(p['probs']))
    if name == 'Poisson':
        return D.Poisson(t(p['rate']))
    if name == 'NegativeBinomial':
        if 'logits' in p:
            return D.NegativeBinomial(t(p['totalCount']), logits=t(p['logits']))
        return D.NegativeBinomial(t(p['totalCount']), probs=t(p['probs']))
    if name == 'Dirichlet':
        return D.Dirichlet(t(p['concentration']))
    if name == 'Beta':
        return D.Beta(t(p['a']), t(p['b']))
    if name == 'Gamma':
        return D.Gamma(t(p['concentration']), t(p['rate']))
    if name == 'Laplace':
        return D.Laplace(t(p['loc']), t(p['scale']))
    if name == 'RelaxedBernoulli':
        kw = {'logits': t(p['logits'])} if 'logits' in p else {'probs': t(p['probs'])}
        return D.RelaxedBernoulli(t(p['temperature']), **kw)
    if name == 'LogitRelaxedBernoulli':
        kw = {'logits': t(p['logits'])} if 'logits' in p else {'probs': t(p['probs'])}
        return D.relaxed_bernoulli.LogitRelaxedBernoulli(t(p['temperature']), **kw)
    if name == 'RelaxedCategorical':
        kw = {'logits': t(p['logits'])} if 'logits' in p else {'probs': t(p['probs'])}
        return D.RelaxedOneHotCategorical(t(p['temperature']), **kw)
    if name == 'ExpRelaxedCategorical':
        kw = {'logits': t(p['logits'])} if 'logits' in p else {'probs': t(p['probs'])}
        return D.relaxed_categorical.ExpRelaxedCategorical(t(p['temperature']), **kw)
    raise ValueError(name)


CASES = [
    ('Normal', {'loc': [0.0, 1.5, -2.0], 'scale': [1.0, 0.5, 3.0]}, [[0.3, 1.0, -7.0], [-1.2, 2.2, 0.0]]),
    ('Normal', {'loc': 0.5, 'scale': 2.0}, [-3.0, 0.5, 4.1]),
    ('MultivariateNormal', {'loc': [[0.0, 1.0, -1.0], [0.5, 0.5, 0.5]],
                            'scaleTril': [[1.2, 0.0, 0.0], [0.3, 0.8, 0.0], [-0.5, 0.4, 1.5]]},
     [[[0.1, 0.9, -0.2], [1.0, 0.0, 2.0]], [[-1.0, 2.0, 0.0], [0.5, 0.5, 0.5]]]),
    ('MultivariateNormal', {'loc': [1.0, -1.0], 'scaleTril': [[[1.0, 0.0], [0.5, 2.0]], [[0.3, 0.0], [-0.2, 0.7]]]},
     [[0.0, 0.0], [1.2, -0.8]]),
    ('Bernoulli', {'logits': [-3.0, 0.0, 0.7, 12.0]}, [[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.25, 1.0]]),
    ('Bernoulli', {'probs': [0.1, 0.5, 0.95]}, [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]),
    ('Categorical', {'logits': [[0.0, 1.0, -2.0, 0.5], [3.0, 3.0, 0.0, -1.0]]}, [[0, 3], [2, 1], [1, 0]]),
    ('Categorical', {'probs': [0.2, 0.5, 0.3]}, [0, 1, 2]),
    ('Poisson', {'rate': [0.5, 3.0, 40.0]}, [[0.0, 2.0, 35.0], [3.0, 0.0, 50.0]]),
    ('NegativeBinomial', {'totalCount': [1.0, 4.5, 20.0], 'probs': [0.3, 0.6, 0.1]}, [[0.0, 3.0, 1.0], [5.0, 7.0, 4.0]]),
    ('NegativeBinomial', {'totalCount': 3.0, 'logits': [-1.0, 0.5]}, [[2.0, 0.0], [4.0, 9.0]]),
    ('Dirichlet', {'concentration': [[0.5, 1.0, 2.0], [3.0, 4.0, 0.8]]},
     [[[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]], [[0.05, 0.05, 0.9], [0.4, 0.4, 0.2]]]),
    ('Beta', {'a': [0.5, 2.0, 5.0], 'b': [0.5, 3.0, 1.0]}, [[0.1, 0.5, 0.9], [0.7, 0.2, 0.99]]),
    ('Gamma', {'concentration': [0.5, 2.0, 9.0], 'rate': [1.0, 0.5, 3.0]}, [[0.2, 3.0, 2.5], [1.5, 0.1, 4.0]]),
    ('Laplace', {'loc': [0.0, 2.0], 'scale': [1.0, 0.3]}, [[0.5, 2.0], [-3.0, 1.1]]),
    ('RelaxedBernoulli', {'temperature': 0.5, 'logits': [-1.0, 0.0, 2.0]}, [[0.1, 0.5, 0.9], [0.7, 0.02, 0.4]]),
    ('RelaxedBernoulli', {'temperature': [2.0, 0.3], 'probs': [0.2, 0.8]}, [[0.3, 0.6], [0.95, 0.05]]),
    ('LogitRelaxedBernoulli', {'temperature': 0.5, 'logits': [-1.0, 0.0, 2.0]}, [[-2.0, 0.0, 3.0], [1.0, -0.5, 6.0]]),
    ('RelaxedCategorical', {'temperature': 0.7, 'logits': [[0.0, 1.0, -1.0], [2.0, 0.0, 0.5]]},
     [[[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], [[0.01, 0.98, 0.01], [0.3, 0.3, 0.4]]]),
    ('RelaxedCategorical', {'temperature': 2.0, 'probs': [0.1, 0.6, 0.3]}, [[0.2, 0.5, 0.3], [0.25, 0.25, 0.5]]),
    ('ExpRelaxedCategorical', {'temperature': 0.7, 'logits': [[0.0, 1.0, -1.0], [2.0, 0.0, 0.5]]},
     [[[-1.6, -0.7, -1.2], [-0.5, -2.3, -1.2]]]),
]

KL_PAIRS = [
    ('Normal', {'loc': [0.0, 1.0, -2.0], 'scale': [1.0, 0.5, 3.0]}, {'loc': [0.5, 0.0, 0.0], 'scale': [2.0, 1.0, 1.0]}),
    ('MultivariateNormal', {'loc': [[0.0, 1.0, -1.0], [0.5, 0.5, 0.5]],
                            'scaleTril': [[1.2, 0.0, 0.0], [0.3, 0.8, 0.0], [-0.5, 0.4, 1.5]]},
     {'loc': [0.2, -0.3, 0.4], 'scaleTril': [[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
                                             [[2.0, 0.0, 0.0], [0.5, 0.7, 0.0], [0.1, -0.3, 1.1]]]}),
    ('Bernoulli', {'logits': [-2.0, 0.3, 4.0]}, {'probs': [0.5, 0.1, 0.7]}),
    ('Categorical', {'logits': [[0.0, 1.0, -2.0], [1.0, 1.0, 1.0]]}, {'probs': [0.5, 0.25, 0.25]}),
    ('Dirichlet', {'concentration': [[0.5, 1.0, 2.0], [3.0, 4.0, 0.8]]}, {'concentration': [1.0, 1.0, 1.0]}),
    ('Beta', {'a': [0.5, 2.0, 5.0], 'b': [0.5, 3.0, 1.0]}, {'a': [1.0, 1.0, 2.0], 'b': [1.0, 2.0, 2.0]}),
    ('Gamma', {'concentration': [0.5, 2.0, 9.0], 'rate': [1.0, 0.5, 3.0]}, {'concentration': [1.0, 3.0, 2.0], 'rate': [2.0, 1.0, 1.0]}),
    ('Poisson', {'rate': [0.5, 3.0, 40.0]}, {'rate': [1.0, 2.0, 35.0]}),
    ('Laplace', {'loc': [0.0, 2.0, -1.0], 'scale': [1.0, 0.3, 2.0]}, {'loc': [1.0, 2.0, 0.5], 'scale': [2.0, 1.0, 0.5]}),
]


def tolist(x):
    return x.detach().tolist()


def maybe(f):
    try:
        v = f()
    except NotImplementedError:
        return None
    if not torch.isfinite(v).all():
        return None
    return tolist(v)


def logprob_case(name, params, value):
    d = build(name, params)
    v = t(value)
    if name == 'Categorical':
        v = v.long()
    return {
        'dist': name, 'params': params, 'value': value,
        'logProb': tolist(d.log_prob(v)),
        'entropy': maybe(d.entropy),
        'mean': maybe(lambda: d.mean) if name not in ('Categorical',) and not name.startswith(('Relaxed', 'LogitRelaxed', 'ExpRelaxed')) else None,
        'variance': maybe(lambda: d.variance) if name not in ('Categorical',) and not name.startswith(('Relaxed', 'LogitRelaxed', 'ExpRelaxed')) else None,
    }


out = {
    'source': 'torch ' + torch.__version__ + ' (torch.distributions, float64)',
    'cases': [logprob_case(*c) for c in CASES],
    'kl': [{'dist': n, 'p': p, 'q': q, 'kl': tolist(D.kl_divergence(build(n, p), build(n, q)))} for n, p, q in KL_PAIRS],
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'distributions.json')
with open(path, 'w') as f:
    f.write('{\n "source": ' + json.dumps(out['source']) + ',\n')
    for key in ('cases', 'kl'):
        f.write(f' "{key}": [\n' + ',\n'.join('  ' + json.dumps(c) for c in out[key]) + '\n ]' + (',\n' if key == 'cases' else '\n'))
    f.write('}\n')
print('wrote', path)
