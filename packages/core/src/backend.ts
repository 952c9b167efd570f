import { firstLine } from './error-text.js';
import * as tf from '@tensorflow/tfjs-core';

/** Tensor backends latentkit can run on, fastest first ('tensorflow' is native TensorFlow, from tfjs-node or tfjs-node-gpu). */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * What can be asked for (`LATENTKIT_BACKEND`, {@link InitBackendOptions.backend}): a backend, where 'tensorflow' is
 * the package `@tensorflow/tfjs-node` (CPU) and 'tensorflow-gpu' the package `@tensorflow/tfjs-node-gpu` (CUDA); both
 * run the backend named 'tensorflow'.
 */
export type BackendChoice = BackendName | 'tensorflow-gpu';

/** What `initBackend` chose and why. */
export interface BackendInfo {
  /** The backend now active in tfjs. */
  readonly name: BackendName;
  /** How the choice was made: an explicit request, the environment variable, or automatic fallback. */
  readonly reason: 'requested' | 'env' | 'auto';
  /** Backends tried before this one, with the reason each was skipped ('tensorflow-gpu' for tfjs-node-gpu). */
  readonly skipped: readonly {
    /** The backend that was tried. */
    name: BackendChoice;
    /** One line: why it was not used, e.g. its package could not be loaded. */
    why: string;
  }[];
  /** For wasm: whether the SIMD build is in use. */
  readonly simd?: boolean;
  /** The npm package that provides the backend, e.g. `@tensorflow/tfjs-node-gpu` for 'tensorflow' on a GPU. */
  readonly package: string;
}

/** Options of {@link initBackend}; the loader and warn hooks exist so that selection can be tested. */
export interface InitBackendOptions {
  /** Force one backend (overrides `LATENTKIT_BACKEND`). Failing to start it is an error. */
  backend?: BackendChoice;
  /** Environment to read `LATENTKIT_BACKEND` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Directory holding the `.wasm` binaries, for bundled apps (default: resolved by the wasm package). */
  wasmPaths?: string;
  /** Module loader (default dynamic `import`). Tests replace it to simulate absent packages. */
  importModule?: (specifier: string) => Promise<unknown>;
  /** Where warnings go (default `console.warn`). */
  warn?: (message: string) => void;
}

/** The automatic order: the GPU build first (installing it is the signal that there is a GPU), then native CPU, wasm, cpu. */
const CHOICES: readonly BackendChoice[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
const PACKAGES: Record<BackendChoice, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};
const backendOf = (choice: BackendChoice): BackendName => (choice === 'tensorflow-gpu' ? 'tensorflow' : choice);

let current: BackendInfo | undefined;
let wasmPathsInUse: string | undefined;

/** The warning printed when neither tfjs-node nor wasm could be loaded and fits fall back to the slow cpu backend. */
export const CPU_WARNING =
  'latentkit: running on the tfjs cpu backend, 10-190x slower than numpy/torch. Install @tensorflow/tfjs-backend-wasm (or @tensorflow/tfjs-node) for speed.';

/** Why a backend was not started; `installed` when its package is there but failed (a broken install, no CUDA). */
interface StartFailure {
  readonly why: string;
  readonly installed: boolean;
}

/**
 * The error of importing a package that is not installed (Node's ESM and CommonJS loaders, and Vite's in tests), as
 * opposed to one that is there but fails while loading (its native binding or CUDA libraries missing).
 */
const isAbsent = (e: unknown, specifier: string): boolean =>
  new RegExp(`(Cannot find (package|module)|Could not resolve) ['"]${specifier.replace(/[/.-]/g, '\\$&')}['"]`).test(String((e as Error)?.message ?? e));

async function tryStart(choice: BackendChoice, opts: InitBackendOptions): Promise<StartFailure | undefined> {
  const load = opts.importModule ?? ((s: string) => import(s));
  const name = backendOf(choice);
  const pkg = PACKAGES[choice];
  let mod: any;
  try {
    mod = await load(pkg);
  } catch (e) {
    return { why: `${pkg} could not be loaded (${firstLine(e)})`, installed: !isAbsent(e, pkg) };
  }
  if (name === 'wasm' && opts.wasmPaths && typeof mod?.setWasmPaths === 'function') {
    mod.setWasmPaths(opts.wasmPaths);
    wasmPathsInUse = opts.wasmPaths;
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return { why: `${pkg}: tf.setBackend('${name}') returned false`, installed: true };
    await tf.ready();
  } catch (e) {
    return { why: `${pkg}: backend '${name}' failed to start (${firstLine(e)})`, installed: true };
  }
  return undefined;
}

/** Forget a 'tensorflow' backend that one package registered but could not start, so that the other package can register its own. */
function forgetFailedNative(choice: BackendChoice): void {
  if (backendOf(choice) === 'tensorflow' && tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
}

/**
 * Choose and start the tensor backend, once per process.
 *
 * Order: an explicit `backend` option, else `LATENTKIT_BACKEND` (`tensorflow-gpu` | `tensorflow` | `wasm` | `cpu`),
 * else automatic: `@tensorflow/tfjs-node-gpu` when it loads and starts (someone installed the CUDA build, so there is
 * meant to be a GPU), then `@tensorflow/tfjs-node`, then `@tensorflow/tfjs-backend-wasm` (SIMD), then the cpu
 * backend with a loud warning. A native package that is installed but fails to start (no CUDA libraries, a
 * binding built for another Node) is skipped with a one-line warning naming it; an absent one silently.
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
  if (fromEnv && !CHOICES.includes(fromEnv as BackendChoice)) {
    throw new Error(`LATENTKIT_BACKEND=${fromEnv} is not a backend; expected one of ${CHOICES.join(', ')}`);
  }
  const requested = opts.backend ?? (fromEnv as BackendChoice | undefined);
  if (current && (!requested || PACKAGES[requested] === current.package)) return current;

  const warn = opts.warn ?? ((m: string) => console.warn(m));
  // tfjs-core registers no gradients by itself; VI and gradient estimators need them on every backend.
  await import('./gradients.js');
  if (requested) {
    const failure = await tryStart(requested, opts);
    if (failure) {
      forgetFailedNative(requested);
      throw new Error(`cannot start the requested backend '${requested}': ${failure.why}`);
    }
    current = await describe(requested, opts.backend ? 'requested' : 'env', []);
  } else {
    const skipped: { name: BackendChoice; why: string }[] = [];
    for (const choice of CHOICES) {
      const failure = await tryStart(choice, opts);
      if (!failure) {
        current = await describe(choice, 'auto', skipped);
        break;
      }
      forgetFailedNative(choice);
      skipped.push({ name: choice, why: failure.why });
      if (failure.installed && backendOf(choice) === 'tensorflow') warn(`latentkit: ${PACKAGES[choice]} is installed but did not start: ${failure.why}`);
    }
    if (!current) throw new Error(`no tensor backend could start: ${skipped.map((s) => s.why).join('; ')}`);
  }
  if (current.name === 'cpu') warn(CPU_WARNING);
  return current;
}

async function describe(choice: BackendChoice, reason: BackendInfo['reason'], skipped: BackendInfo['skipped']): Promise<BackendInfo> {
  const name = backendOf(choice);
  const base = { name, reason, skipped, package: PACKAGES[choice] };
  if (name !== 'wasm') return base;
  return { ...base, simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) };
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
