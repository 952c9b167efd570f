// Shared parts of the node sides of `vae-mnist-epoch` and `sparse-vae-synthetic` (protocol: README.md):
// the initial weights written for the PyTorch side, a float64 evaluation of the deterministic check value,
// and per-epoch timing of a fit through `inference/vi`.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Import a workspace package from this folder's dependencies, else as packages/models-vae resolves it
 * (`@latentkit/inference` and `mnist` are dependencies of models-vae but not yet of tooling/bench).
 */
export async function benchImport(name) {
  try {
    return await import(name);
  } catch {
    const req = createRequire(new URL('../../packages/models-vae/package.json', import.meta.url));
    return import(pathToFileURL(req.resolve(name)).href);
  }
}

/** Weights of a model state as `{ name: { shape, values } }` with plain number arrays (for JSON). */
export function weightsJson(state) {
  return Object.fromEntries(Object.entries(state.weights).map(([name, v]) => [name, { shape: v.shape, values: Array.from(v.dataSync()) }]));
}

const relu = (v) => (v > 0 ? v : 0);

/** y = act(x·W + b) for one row, float64. */
function layer(x, w, b, act) {
  const [nIn, nOut] = w.shape;
  const y = new Float64Array(nOut);
  for (let o = 0; o < nOut; o++) y[o] = b ? b.values[o] : 0;
  for (let i = 0; i < nIn; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let o = 0; o < nOut; o++) y[o] += xi * w.values[i * nOut + o];
  }
  return act ? y.map(relu) : y;
}

/** MLP `prefix` of the weights record (ReLU between layers; after the last one too when `activateLast`). */
export function mlpRow(w, prefix, x, activateLast = false) {
  let h = x;
  for (let l = 0; w[`${prefix}.w${l}`]; l++) {
    const last = !w[`${prefix}.w${l + 1}`];
    h = layer(h, w[`${prefix}.w${l}`], w[`${prefix}.b${l}`], !last || activateLast);
  }
  return h;
}

/** Encoder: location and log scale (first and second halves of the `enc` output). */
export function encodeRow(w, x, k) {
  const h = mlpRow(w, 'enc', x);
  return { loc: h.slice(0, k), logScale: h.slice(k, 2 * k) };
}

/** KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − 2 log σ − 1). */
export function klRow(loc, logScale) {
  let s = 0;
  for (let i = 0; i < loc.length; i++) s += 0.5 * (loc[i] ** 2 + Math.exp(2 * logScale[i]) - 2 * logScale[i] - 1);
  return s;
}

/**
 * Fit `key` with `inference/vi` for `epochs` epochs and return the wall time of each epoch (ms) from `onStep`,
 * plus the final training ELBO.
 */
export async function timeEpochs(registry, key, params, data, seed, options = {}) {
  const ends = [];
  const t0 = performance.now();
  const fitted = await registry.create(key, params).fit(data, { seed, yieldEvery: 1e9, ...options, onStep: () => void ends.push(performance.now() - t0) });
  const epochMs = ends.map((t, i) => t - (i === 0 ? 0 : ends[i - 1]));
  const last = fitted.trace[fitted.trace.length - 1].objective;
  fitted.dispose();
  return { epochMs, totalMs: ends[ends.length - 1], trainElbo: last };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
