"""Reference values for requireFloat32Safe in packages/core/src/data/validate.ts (the largest usable data value).

Run: /usr/bin/python3 tooling/reference/float32_range_reference.py
Writes tooling/reference/fixtures/float32_range.json with numpy's float32 maximum, its square root in float64,
the largest float32 whose float32 square is finite, and the next float32 above it (whose square overflows).
"""
import json
import os
import warnings

import numpy as np

f32_max = np.finfo(np.float32).max
sqrt_max = float(np.sqrt(np.float64(f32_max)))

# Walk down from the float32 nearest to sqrt(max) to the largest float32 x with x * x finite in float32.
x = np.float32(sqrt_max)
with warnings.catch_warnings():
    warnings.simplefilter('ignore', RuntimeWarning)
    while not np.isfinite(x * x):
        x = np.nextafter(x, np.float32(0))
    above = np.nextafter(x, np.float32(np.inf))
    assert not np.isfinite(above * above)

out = {
    'numpy': np.__version__,
    'float32Max': float(f32_max),
    'sqrtFloat32Max': sqrt_max,
    'largestSafeFloat32': float(x),
    'smallestUnsafeFloat32': float(above),
}
path = os.path.join(os.path.dirname(__file__), 'fixtures', 'float32_range.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=2)
    f.write('\n')
print(json.dumps(out, indent=2))
