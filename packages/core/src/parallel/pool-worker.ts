import { parentPort } from 'node:worker_threads';
import { initBackend, type BackendName, type InitBackendOptions } from '../backend.js';
import { firstLine } from '../error-text.js';
import type { BlockKernel, HeldBlock } from './kernel.js';
import { transferables, type FromWorker, type ToWorker } from './protocol.js';

let registered: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {};
const modules = new Map<string, Promise<Readonly<Record<string, unknown>>>>();

/**
 * A kernel module as this thread finds it: the one a bundled worker entry registered under `id`
 * ({@link PoolWorkerOptions.kernels}), else the module at `url` (imported once). For a kernel that needs another module
 * of kernels or terms (e.g. a model's, named in its payload).
 * @example
 * ```ts
 * const terms = await loadKernelModule({ id: MY_KERNELS.id, url: runnableModuleUrl(MY_KERNELS.url) });
 * ```
 */
export function loadKernelModule(module: { readonly id: string; readonly url: string }): Promise<Readonly<Record<string, unknown>>> {
  const { id, url } = module;
  let m = modules.get(id);
  if (!m) {
    const known = registered[id];
    m = known
      ? Promise.resolve(known)
      : (import(url) as Promise<Record<string, unknown>>).catch((e: unknown) => {
          throw new Error(`cannot load kernel module ${id} from ${url} (${firstLine(e)})`);
        });
    modules.set(id, m);
  }
  return m;
}

/** What a worker entry script can add to {@link runPoolWorker}. */
export interface PoolWorkerOptions {
  /** Kernel modules by id, imported statically by a bundled entry (the apps' `worker.js`); others are imported by URL. */
  readonly kernels?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** How the backend packages are loaded (a bundle that inlines them passes its own, as for `initBackend`). */
  readonly importModule?: InitBackendOptions['importModule'];
}

/**
 * The body of a block-pool worker thread: starts the backend the pool names (the calling thread's), keeps the blocks
 * it is sent, and answers each call by running the named kernel over its blocks in block order. Core's own entry
 * (`worker.js`) calls it with no options; a bundled app calls it from its own entry with its built-in kernel modules.
 *
 * @example
 * ```ts
 * // worker.ts of a bundled app, built next to the app's bundle as worker.js
 * import { runPoolWorker } from '@latentkit/core';
 * import { kernelModules } from '@latentkit/models-mixture';
 * runPoolWorker({ kernels: kernelModules });
 * ```
 */
export function runPoolWorker(options: PoolWorkerOptions = {}): void {
  const port = parentPort;
  if (!port) throw new Error('runPoolWorker: not running in a worker thread');
  const blocks: HeldBlock[] = [];
  registered = options.kernels ?? {};
  let ready: Promise<unknown> = Promise.resolve();
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const moduleOf = (id: string, url: string) => loadKernelModule({ id, url });
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'init') {
      ready = initBackend({
        backend: msg.backend as BackendName,
        ...(msg.wasmPaths ? { wasmPaths: msg.wasmPaths } : {}),
        ...(options.importModule ? { importModule: options.importModule } : {}),
        warn: () => undefined,
      }).then(
        () => send({ type: 'ready' }),
        (e: unknown) => send({ type: 'error', id: null, message: firstLine(e) }),
      );
    } else if (msg.type === 'blocks') {
      for (const b of msg.blocks) blocks.push({ index: b.index, data: b.data, cache: new Map() });
      blocks.sort((a, b) => a.index - b.index);
    } else {
      ready = ready.then(async () => {
        try {
          const mod = await moduleOf(msg.module.id, msg.module.url);
          const kernel = mod[msg.kernel];
          if (typeof kernel !== 'function') throw new Error(`kernel module ${msg.module.id} has no kernel '${msg.kernel}'`);
          const values = await (kernel as BlockKernel)(msg.payload, blocks);
          const results = blocks.map((b, i) => ({ index: b.index, value: values[i] }));
          send({ type: 'result', id: msg.id, results }, transferables(values));
        } catch (e) {
          send({ type: 'error', id: msg.id, message: firstLine(e) });
        }
      });
    }
  });
}
