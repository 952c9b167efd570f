/**
 * A row block as a kernel sees it in the thread that holds it: its index in the caller's block order, the plain data
 * the caller sent once per fit, and a cache the kernels of that thread may fill (tensors made from `data`, results
 * kept for a later call). Tensors in `cache` (values, or arrays of them) are disposed when the pool closes.
 */
export interface HeldBlock<B = unknown> {
  /** 0-based position of the block in the caller's block order (the order kernel results come back in). */
  readonly index: number;
  /** The plain data the caller sent for this block, once per fit. */
  readonly data: B;
  /** Per-block values the kernels of this thread keep between calls, by name; tensors in it are disposed at close. */
  readonly cache: Map<string, unknown>;
}

/**
 * A kernel: a named function of a kernel module that runs over the blocks one thread holds, in block order, with the
 * payload of one call, and returns one result per block. Results must be plain data (structured-cloneable); typed
 * arrays in them are transferred to the caller, so a kernel returns arrays it does not keep.
 */
export type BlockKernel<B = any, P = any, R = any> = (payload: P, blocks: readonly HeldBlock<B>[]) => R[] | Promise<R[]>;

/**
 * A module of kernels, as the threads of a pool find it: `id`, a stable name under which a bundled worker entry
 * registered the module statically (see `runPoolWorker`); `url`, the module a plain worker imports otherwise (a
 * `file:` URL, usually `new URL('./x-kernels.js', import.meta.url).href`); `local`, the module itself, for runs in the
 * calling thread.
 */
export interface KernelModule {
  /** Stable name under which a bundled worker entry registered the module statically. */
  readonly id: string;
  /** The module for a plain worker to import, a `file:` URL. */
  readonly url: string;
  /** The module itself (its kernels by export name), for runs in the calling thread. */
  readonly local: Readonly<Record<string, unknown>>;
}
