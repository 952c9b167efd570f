/** Messages between a block pool and its workers (internal). */
export type ToWorker =
  | { readonly type: 'init'; readonly backend: string; readonly wasmPaths?: string }
  | { readonly type: 'blocks'; readonly blocks: readonly { readonly index: number; readonly data: unknown }[] }
  | {
      readonly type: 'call';
      readonly id: number;
      readonly module: { readonly id: string; readonly url: string };
      readonly kernel: string;
      readonly payload: unknown;
    };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly results: readonly { readonly index: number; readonly value: unknown }[] }
  | { readonly type: 'error'; readonly id: number | null; readonly message: string };

/**
 * The ArrayBuffers of the typed arrays in `value` that span their whole buffer (plain objects and arrays are walked),
 * for a transfer list; views of part of a buffer are copied instead, since their buffer may hold other data.
 */
export function transferables(value: unknown, out: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) out.add(value.buffer);
  } else if (Array.isArray(value)) for (const v of value) transferables(v, out);
  else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) transferables(v, out);
  return [...out];
}
