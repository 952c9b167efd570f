import { ldaWasmModule, NORM_EPS } from './lda-wasm-kernel.js';

/**
 * The inner loops of the LDA E-step over one document's words, on a flat memory addressed by byte offsets
 * (see {@link ldaWasmModule} for what each computes). Two implementations: WebAssembly SIMD (f64x2, generated for
 * the topic count) and plain JavaScript; both are float64 and agree to rounding.
 *
 * Why not tfjs: the E-step iterates each document to its own tolerance (about 80 updates per document on the
 * State of the Union, K = 20). Measured per EM iteration there: batching all documents as dense tfjs matmuls on wasm
 * costs ~17 ms per update of every document, ~1.4 s for the ~80 updates; the JavaScript loops ~0.9 s; this kernel
 * ~0.25 s (scikit-learn's Cython/numpy E-step: ~0.5 s).
 */
export interface LdaKernel {
  /** Row stride of the topic tables: K rounded up to even (the padding topics have zero weight). */
  readonly kp: number;
  readonly kind: 'wasm-simd' | 'js';
  /** Views of the whole memory. */
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  gamma(ids: number, cnts: number, nd: number, table: number, e: number, out: number): void;
  stats(ids: number, cnts: number, nd: number, table: number, e: number, norms: number, stats: number): void;
  norms(ids: number, nd: number, table: number, e: number, out: number): void;
}

/** Which implementation {@link createLdaKernel} uses: the fastest available, or plain JavaScript. */
export type KernelChoice = 'auto' | 'js';

/** The WebAssembly API as far as the kernel uses it (Node's types do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, (...args: number[]) => void> };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
}

const PAGE = 65536;
const modules = new Map<number, object>();

function wasmKernel(kp: number, bytes: number): LdaKernel | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return undefined;
  try {
    let module = modules.get(kp);
    if (!module) {
      module = new wasm.Module(ldaWasmModule(kp));
      modules.set(kp, module);
    }
    const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    const { exports } = new wasm.Instance(module, { env: { memory } });
    const { gamma, stats, norms } = exports;
    return {
      kp,
      kind: 'wasm-simd',
      f64: new Float64Array(memory.buffer),
      i32: new Int32Array(memory.buffer),
      gamma: (ids, cnts, nd, table, e, out) => gamma(ids, cnts, nd, table, e, out, 0),
      stats: (ids, cnts, nd, table, e, nrm, st) => stats(ids, cnts, nd, table, e, nrm, st),
      norms: (ids, nd, table, e, out) => norms(ids, 0, nd, table, e, out, 0),
    };
  } catch {
    return undefined;
  }
}

function jsKernel(kp: number, bytes: number): LdaKernel {
  const buffer = new ArrayBuffer(Math.max(PAGE, Math.ceil(bytes / PAGE) * PAGE));
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const dot = (row: number, e: number): number => {
    let s0 = 0;
    let s1 = 0;
    for (let j = 0; j < kp; j += 2) {
      s0 += f64[e + j] * f64[row + j];
      s1 += f64[e + j + 1] * f64[row + j + 1];
    }
    return s0 + s1;
  };
  return {
    kp,
    kind: 'js',
    f64,
    i32,
    gamma(ids, cnts, nd, table, e, out) {
      const o = out >> 3;
      const ee = e >> 3;
      f64.fill(0, o, o + kp);
      for (let w = 0; w < nd; w++) {
        const row = (table >> 3) + i32[(ids >> 2) + w] * kp;
        const r = f64[(cnts >> 3) + w] / (dot(row, ee) + NORM_EPS);
        for (let j = 0; j < kp; j++) f64[o + j] += r * f64[row + j];
      }
    },
    stats(ids, cnts, nd, table, e, norms, stats) {
      const ee = e >> 3;
      for (let w = 0; w < nd; w++) {
        const word = i32[(ids >> 2) + w];
        const d = dot((table >> 3) + word * kp, ee);
        f64[(norms >> 3) + w] = d;
        const r = f64[(cnts >> 3) + w] / (d + NORM_EPS);
        const srow = (stats >> 3) + word * kp;
        for (let j = 0; j < kp; j++) f64[srow + j] += r * f64[ee + j];
      }
    },
    norms(ids, nd, table, e, out) {
      for (let w = 0; w < nd; w++) f64[(out >> 3) + w] = dot((table >> 3) + i32[(ids >> 2) + w] * kp, e >> 3);
    },
  };
}

/**
 * A kernel with `bytes` bytes of memory for `k` topics: WebAssembly SIMD when the runtime compiles it,
 * otherwise (or with `choice = 'js'`) plain JavaScript.
 */
export function createLdaKernel(k: number, bytes: number, choice: KernelChoice = 'auto'): LdaKernel {
  const kp = k + (k % 2);
  return (choice === 'auto' ? wasmKernel(kp, bytes) : undefined) ?? jsKernel(kp, bytes);
}
