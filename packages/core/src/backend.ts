import { firstLine } from './error-text.js';
import * as tf from '@tensorflow/tfjs-core';

/** Tensor backends latentkit can run on, fastest first. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What `initBackend` chose and why. */
export interface BackendInfo {
  readonly name: BackendName;
  /** How the choice was made: an explicit request, the environment variable, or automatic fallback. */
  readonly reason: 'requested' | 'env' | 'auto';
  /** Backends tried before this one, with the reason each was skipped. */
  readonly skipped: readonly { name: BackendName; why: string }[];
  /** For wasm: whether the SIMD build is in use. */
  readonly simd?: boolean;
}

/** Options of {@link initBackend}; the loader and warn hooks exist so that selection can be tested. */
export interface InitBackendOptions {
  /** Force one backend (overrides `LATENTKIT_BACKEND`). Failing to start it is an error. */
  backend?: BackendName;
  /** Environment to read `LATENTKIT_BACKEND` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Directory holding the `.wasm` binaries, for bundled apps (default: resolved by the wasm package). */
  wasmPaths?: string;
  /** Module loader (default dynamic `import`). Tests replace it to simulate absent packages. */
  importModule?: (specifier: string) => Promise<unknown>;
  /** Where warnings go (default `console.warn`). */
  warn?: (message: string) => void;
}

const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const PACKAGES: Record<BackendName, string> = {
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

let current: BackendInfo | undefined;
let wasmPathsInUse: string | undefined;

/** The warning printed when neither tfjs-node nor wasm could be loaded and fits fall back to the slow cpu backend. */
export const CPU_WARNING =
  'latentkit: running on the tfjs cpu backend, 10-190x slower than numpy/torch. Install @tensorflow/tfjs-backend-wasm (or @tensorflow/tfjs-node) for speed.';

async function tryStart(name: BackendName, opts: InitBackendOptions): Promise<string | undefined> {
  const load = opts.importModule ?? ((s: string) => import(s));
  let mod: any;
  try {
    mod = await load(PACKAGES[name]);
  } catch (e) {
    return `${PACKAGES[name]} could not be loaded (${firstLine(e)})`;
  }
  if (name === 'wasm' && opts.wasmPaths && typeof mod?.setWasmPaths === 'function') {
    mod.setWasmPaths(opts.wasmPaths);
    wasmPathsInUse = opts.wasmPaths;
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
  } catch (e) {
    return `backend '${name}' failed to start (${firstLine(e)})`;
  }
  return undefined;
}

/**
 * Choose and start the tensor backend, once per process.
 *
 * Order: an explicit `backend` option, else `LATENTKIT_BACKEND` (`tensorflow` | `wasm` | `cpu`),
 * else automatic: `@tensorflow/tfjs-node` when it loads, then `@tensorflow/tfjs-backend-wasm` (SIMD),
 * then the cpu backend with a loud warning.
 * Calling it again returns the first choice unless a different backend is requested explicitly.
 *
 * @example
 * ```ts
 * const info = await initBackend();            // { name: 'wasm', reason: 'auto', ... }
 * await initBackend({ backend: 'cpu' });       // force cpu
 * ```
 */
export async function initBackend(opts: InitBackendOptions = {}): Promise<BackendInfo> {
  const env = opts.env ?? process.env;
  const fromEnv = env.LATENTKIT_BACKEND?.trim();
  if (fromEnv && !BACKENDS.includes(fromEnv as BackendName)) {
    throw new Error(`LATENTKIT_BACKEND=${fromEnv} is not a backend; expected one of ${BACKENDS.join(', ')}`);
  }
  const requested = opts.backend ?? (fromEnv as BackendName | undefined);
  if (current && (!requested || requested === current.name)) return current;

  const warn = opts.warn ?? ((m: string) => console.warn(m));
  // tfjs-core registers no gradients by itself; VI and gradient estimators need them on every backend.
  await import('./gradients.js');
  if (requested) {
    const why = await tryStart(requested, opts);
    if (why) throw new Error(`cannot start the requested backend '${requested}': ${why}`);
    current = await describe(requested, opts.backend ? 'requested' : 'env', []);
  } else {
    const skipped: { name: BackendName; why: string }[] = [];
    for (const name of BACKENDS) {
      const why = await tryStart(name, opts);
      if (!why) {
        current = await describe(name, 'auto', skipped);
        break;
      }
      skipped.push({ name, why });
    }
    if (!current) throw new Error(`no tensor backend could start: ${skipped.map((s) => s.why).join('; ')}`);
  }
  if (current.name === 'cpu') warn(CPU_WARNING);
  return current;
}

async function describe(name: BackendName, reason: BackendInfo['reason'], skipped: BackendInfo['skipped']): Promise<BackendInfo> {
  if (name !== 'wasm') return { name, reason, skipped };
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return { name, reason, skipped, simd };
}

/** The backend chosen by {@link initBackend}, or `undefined` before it ran. */
export function backendInfo(): BackendInfo | undefined {
  return current;
}

/** The `wasmPaths` the wasm backend was started with, if any (block-pool workers start theirs the same way). */
export function backendWasmPaths(): string | undefined {
  return wasmPathsInUse;
}

/** Forget the recorded choice (tests only); the tfjs engine keeps its registered backends. */
export function resetBackendForTests(): void {
  current = undefined;
}
