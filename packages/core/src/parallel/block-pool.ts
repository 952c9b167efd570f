import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { backendInfo, backendWasmPaths } from '../backend.js';
import { firstLine } from '../error-text.js';
import type { BlockKernel, HeldBlock, KernelModule } from './kernel.js';
import { transferables, type FromWorker, type ToWorker } from './protocol.js';

/** Options of {@link openBlockPool}. */
export interface BlockPoolOptions<B> {
  /** Threads to use, T ≥ 1; the pool starts min(T, blocks) workers, none when that is 1. */
  readonly threads: number;
  /** The row blocks, in the caller's fixed order; each goes to one worker once and stays there. */
  readonly blocks: readonly B[];
  /** Transfer the blocks' typed arrays to the workers instead of copying them (the caller gives them up). */
  readonly transfer?: boolean;
  /** Aborting terminates the workers; pending and later calls reject. */
  readonly signal?: AbortSignal;
}

/**
 * Row blocks held by worker threads (or by the calling thread when one thread suffices), on which named kernels run.
 * Blocks are cut by the caller and independent of the thread count, and {@link BlockPool.run} returns one result per
 * block in block order, so a caller that reduces them in that order gets the same bits for any number of threads.
 */
export interface BlockPool {
  /** Number of worker threads (0 when the blocks are held by the calling thread). */
  readonly workers: number;
  /** Number of row blocks held, the length of every {@link BlockPool.run} result. */
  readonly blocks: number;
  /**
   * Run `kernel` of `module` over every block with `payload` (sent once to each worker per call): one result per
   * block, in block order. Calls run one after another in each worker. A kernel error rejects with one line.
   */
  run<R, P = unknown>(module: KernelModule, kernel: string, payload: P): Promise<R[]>;
  /** Terminate the workers (or dispose the tensors the calling thread's kernels cached); idempotent. */
  close(): Promise<void>;
}

let live = 0;
let workerScript: URL | undefined;

/** Number of block-pool worker threads alive in this process (for leak tests). */
export function liveWorkers(): number {
  return live;
}

/** The default thread count: `os.availableParallelism()`. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * Tell the pools where their worker entry script is, for bundled apps: a script next to the bundle that calls
 * `runPoolWorker` with the app's built-in kernel modules. By default the pools use core's own `dist/parallel/worker.js`.
 *
 * @example
 * ```ts
 * setPoolWorkerScript(new URL('./worker.js', import.meta.url));
 * ```
 */
export function setPoolWorkerScript(script: URL | string | undefined): void {
  workerScript = script === undefined ? undefined : typeof script === 'string' ? pathToFileURL(script) : script;
}

/**
 * A `file:` URL of a module as plain Node can import it: itself when it exists, else, for a source file of a
 * workspace package run from source (`…/src/x.js`, whose file is `x.ts`), the built one under `…/dist/`.
 */
export function runnableModuleUrl(url: string | URL): string {
  const u = new URL(url);
  if (u.protocol !== 'file:' || existsSync(fileURLToPath(u))) return u.href;
  const path = fileURLToPath(u).replace(/\.ts$/, '.js');
  const built = path.replace(/([\\/])src([\\/])(?!.*[\\/]src[\\/])/, '$1dist$2');
  return existsSync(built) ? pathToFileURL(built).href : u.href;
}

/**
 * Open a pool over `blocks`. With one thread or one block (or the tfjs-node backend) it runs kernels in the calling
 * thread (no worker) on the same block data, which gives the same bits as the workers on the same backend. Workers
 * start the calling thread's backend (the one `initBackend` chose, with its `wasmPaths`).
 *
 * @example
 * ```ts
 * const pool = openBlockPool({ threads: 2, blocks: [a, b, c] });
 * try {
 *   const sums = await pool.run<number>(myKernels, 'blockSum', { scale: 2 }); // [Σa, Σb, Σc] in block order
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export function openBlockPool<B>(options: BlockPoolOptions<B>): BlockPool {
  const t = Math.min(Math.max(1, Math.floor(options.threads)), options.blocks.length);
  return t <= 1 || !threadableBackend() ? inlinePool(options) : workerPool(options, t);
}

/**
 * Whether workers can start the calling thread's backend: tfjs-node (`tensorflow`) is a native addon, multi-threaded
 * by itself, that is not loaded into several threads of one process, so with it kernels run in the calling thread.
 */
function threadableBackend(): boolean {
  return (backendInfo()?.name ?? tf.getBackend()) !== 'tensorflow';
}

function inlinePool<B>(options: BlockPoolOptions<B>): BlockPool {
  const held: HeldBlock<B>[] = options.blocks.map((data, index) => ({ index, data, cache: new Map() }));
  let closed = false;
  return {
    workers: 0,
    blocks: held.length,
    async run<R>(module: KernelModule, kernel: string, payload: unknown): Promise<R[]> {
      if (closed) throw new Error('block pool: run after close');
      if (options.signal?.aborted) throw new Error('block pool: cancelled');
      const fn = module.local[kernel];
      if (typeof fn !== 'function') throw new Error(`kernel module ${module.id} has no kernel '${kernel}'`);
      try {
        return (await (fn as BlockKernel<B, unknown, R>)(payload, held)) as R[];
      } catch (e) {
        throw new Error(firstLine(e));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const b of held) for (const v of b.cache.values()) tf.dispose(tensorsOf(v));
    },
  };
}

function tensorsOf(v: unknown): tf.Tensor[] {
  if (v instanceof tf.Tensor) return [v];
  if (Array.isArray(v)) return v.flatMap(tensorsOf);
  return [];
}

/**
 * The calling thread's Node options without the workspace's source condition (`--conditions @latentkit/source`, set
 * by the test runner): workers import built modules, never TypeScript sources.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    if ((args[i] === '--conditions' || args[i] === '-C') && args[i + 1] === SOURCE_CONDITION) i++;
    else if (args[i] !== `--conditions=${SOURCE_CONDITION}`) out.push(args[i]);
  }
  return out;
}

const SOURCE_CONDITION = '@latentkit/source';

interface Pending {
  readonly results: unknown[];
  remaining: number;
  readonly resolve: (r: unknown[]) => void;
  readonly reject: (e: Error) => void;
}

function workerPool<B>(options: BlockPoolOptions<B>, t: number): BlockPool {
  const backend = backendInfo()?.name ?? tf.getBackend();
  const wasmPaths = backendWasmPaths();
  const script = workerScript ?? new URL(runnableModuleUrl(new URL('./worker.js', import.meta.url)));
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  const exits: Promise<void>[] = [];
  const fail = (e: Error) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const workers = Array.from({ length: t }, (_, w) => {
    const worker = new Worker(script, { execArgv: workerExecArgv() });
    live += 1;
    exits.push(
      new Promise((resolve) =>
        worker.once('exit', () => {
          live -= 1;
          resolve();
        }),
      ),
    );
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') return;
      if (m.type === 'error') {
        const p = m.id === null ? undefined : pending.get(m.id);
        const e = new Error(`block pool worker ${w + 1}/${t}: ${m.message}`);
        if (m.id === null) fail(e);
        else if (p) {
          pending.delete(m.id);
          p.reject(e);
        }
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      for (const r of m.results) p.results[r.index] = r.value;
      if (--p.remaining === 0) {
        pending.delete(m.id);
        p.resolve(p.results);
      }
    });
    worker.on('error', (e) => fail(new Error(`block pool worker ${w + 1}/${t} failed: ${firstLine(e)}`)));
    worker.on('exit', (code) => {
      if (!closed) fail(new Error(`block pool worker ${w + 1}/${t} exited (code ${code})`));
    });
    const init: ToWorker = { type: 'init', backend, ...(wasmPaths ? { wasmPaths } : {}) };
    worker.postMessage(init);
    return worker;
  });
  options.blocks.forEach((data, index) => {
    const message: ToWorker = { type: 'blocks', blocks: [{ index, data }] };
    workers[index % t].postMessage(message, options.transfer ? transferables(data) : []);
  });
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      fail(new Error('block pool: closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    }
    await Promise.all(exits);
  };
  const onAbort = () => {
    fail(new Error('block pool: cancelled'));
    void close();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  return {
    workers: t,
    blocks: options.blocks.length,
    run<R>(module: KernelModule, kernel: string, payload: unknown): Promise<R[]> {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<R[]>((resolve, reject) => {
        pending.set(id, { results: new Array(options.blocks.length), remaining: t, resolve: resolve as (r: unknown[]) => void, reject });
        const message: ToWorker = { type: 'call', id, module: { id: module.id, url: runnableModuleUrl(module.url) }, kernel, payload };
        for (const w of workers) w.postMessage(message);
      });
    },
    async close() {
      options.signal?.removeEventListener('abort', onAbort);
      await close();
    },
  };
}
