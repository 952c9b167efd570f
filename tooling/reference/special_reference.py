"""Reference values for packages/core/src/special (scalar float64 special functions).

Run: /usr/bin/python3 tooling/reference/special_reference.py
Writes tooling/reference/fixtures/special.json.
Rows of lgamma, digamma and trigamma are [x, scipy value, mpmath value at 50 digits rounded to float64]:
scipy.special itself is only accurate to about 1e-13 relative near the zeros of lgamma (x = 1, 2), so the
tight accuracy checks use the mpmath column.
"""
import json
import math
import os

import mpmath as mp
import numpy as np
from scipy import special

LGAMMA_X = [1e-300, 1e-8, 1e-3, 0.1, 0.5, 0.75, 0.9, 0.99, 1.0, 1.001, 1.1, 1.25, 1.3, 1.5, 1.7, 1.75, 1.9,
            1.999, 2.0, 2.01, 2.2, 2.26, 2.5, 3.0, 3.7, 5.0, 7.5, 9.99, 10.0, 10.01, 15.5, 30.0, 100.0, 171.5,
            1e3, 1e5, 1e10, 1e100, -0.5, -1.5, -2.3, -10.7, -100.25]
DIGAMMA_X = [1e-8, 1e-3, 0.1, 0.5, 0.9, 1.0, 1.2, 1.3, 1.4, 1.45, 1.46, 1.4616321449683622, 1.47, 1.5, 1.6, 1.7,
             1.71, 2.0, 2.5, 3.3, 5.0, 9.5, 10.0, 12.0, 50.0, 1e3, 1e6, 1e12, -0.5, -1.3, -2.7, -10.1]
TRIGAMMA_X = [1e-8, 1e-3, 0.1, 0.5, 1.0, 1.5, 2.0, 3.3, 9.99, 10.0, 20.0, 1e3, 1e8, -0.5, -1.3, -2.7]
LOG_BETA = [[0.5, 0.5], [1.0, 1.0], [2.0, 3.0], [0.1, 7.0], [10.0, 20.0], [3.5, 0.25], [100.0, 0.5], [50.0, 60.0]]
MULTIGAMMA = [[3.0, 1], [2.5, 2], [5.0, 3], [10.0, 5], [3.2, 4]]
LOG1PEXP_X = [-800.0, -50.0, -20.0, -1.0, 0.0, 1e-10, 1.0, 20.0, 40.0, 800.0]
SIGMOID_X = [-800.0, -50.0, -5.0, -1e-3, 0.0, 1e-3, 5.0, 50.0, 800.0]
LOGIT_P = [1e-300, 1e-10, 0.01, 0.25, 0.5, 0.75, 0.999, 1 - 1e-10]
LOG1MEXP_A = [1e-20, 1e-10, 1e-3, 0.5, math.log(2), 1.0, 10.0, 50.0]
LSE_CASES = [[0.0, 0.0], [1000.0, 1000.0, 999.0], [-1000.0, -1001.0], [1.0, 2.0, 3.0, -np.inf], [-5.5], [0.1, -0.2, 0.3, 7.0]]


mp.mp.dps = 50


def pairs(xs, f):
    return [[x, float(f(x))] for x in xs]


def triples(xs, f, g):
    return [[x, float(f(x)), float(g(mp.mpf(x)))] for x in xs]


def mp_digamma(x):
    if x <= 0 and x == int(x):
        return mp.nan
    return mp.digamma(x)


def log1pexp(x):
    return float(np.logaddexp(0.0, x))


def log1mexp(a):
    return float(mp.log(1 - mp.exp(-mp.mpf(a))))


out = {
    'source': 'scipy ' + __import__('scipy').__version__ + ', numpy ' + np.__version__,
    'source_exact': 'mpmath ' + mp.__version__ + ' at 50 digits',
    'lgamma': triples(LGAMMA_X, special.gammaln, lambda x: mp.log(abs(mp.gamma(x)))),
    'digamma': triples(DIGAMMA_X, special.digamma, mp_digamma),
    'trigamma': triples(TRIGAMMA_X, lambda x: special.polygamma(1, x), lambda x: mp.polygamma(1, x)),
    'logBeta': [[a, b, float(special.betaln(a, b))] for a, b in LOG_BETA],
    'lnMultivariateGamma': [[a, p, float(special.multigammaln(a, p))] for a, p in MULTIGAMMA],
    'log1pexp': pairs(LOG1PEXP_X, log1pexp),
    'sigmoid': pairs(SIGMOID_X, special.expit),
    'logit': pairs(LOGIT_P, special.logit),
    'log1mexp': pairs(LOG1MEXP_A, log1mexp),
    'logSumExp': [[[float(v) if np.isfinite(v) else None for v in c], float(special.logsumexp(c))] for c in LSE_CASES],
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'special.json')
with open(path, 'w') as f:
    f.write('{\n' + ',\n'.join(
        f' {json.dumps(k)}: ' + (json.dumps(v) if isinstance(v, str) else '[\n' + ',\n'.join('  ' + json.dumps(r) for r in v) + '\n ]')
        for k, v in out.items()) + '\n}\n')
print('wrote', path)
