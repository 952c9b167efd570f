import * as tf from '@tensorflow/tfjs-core';
import { isRng, restoreRng, type RngState } from '../random/rng.js';

/** A JSON value, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

const TAG = '$t';

const toBase64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function fromBase64(kind: TypedName, text: string): Typed {
  const bytes = Buffer.from(text, 'base64');
  const Ctor = TYPED[kind];
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, copy.byteLength / Ctor.BYTES_PER_ELEMENT);
}

function typedName(value: ArrayBufferView): TypedName | undefined {
  return (Object.keys(TYPED) as TypedName[]).find((k) => value instanceof TYPED[k]);
}

function encodeTensor(t: tf.Tensor): JsonValue {
  const data = t.dataSync();
  if (t.dtype === 'string') throw new Error('string tensors cannot be encoded');
  return { shape: t.shape, dtype: t.dtype, data: toBase64(data as ArrayBufferView) };
}

/**
 * Encode a tree of plain objects, arrays, numbers (NaN, ±Infinity and −0 too), strings, booleans, `null`, typed arrays,
 * tensors, variables and generators (`Rng`, by their state) as JSON that {@link decodeTree} turns back into an equal tree, bit for bit: numeric arrays and
 * tensor values are stored as their raw bytes (base64), so nothing is rounded. Fields whose value is `undefined` are
 * left out. Anything else (a class instance, a function) is refused with an error naming its path, e.g.
 * `state.weights.w0`. Used by checkpoints to save a fit's state and its engine's.
 * @example
 * ```ts
 * const json = encodeTree({ w: tf.variable(tf.ones([2])), n: 3, x: Float64Array.of(0.1) });
 * const back = decodeTree(JSON.parse(JSON.stringify(json))); // { w: Variable [1, 1], n: 3, x: Float64Array [0.1] }
 * ```
 */
export function encodeTree(value: unknown, path = 'value'): JsonValue {
  if (value === null) return null;
  if (typeof value === 'number')
    return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TAG]: 'number', value: Object.is(value, -0) ? '-0' : String(value) };
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof tf.Variable) return { [TAG]: 'variable', trainable: value.trainable, ...(encodeTensor(value) as object) };
  if (value instanceof tf.Tensor) return { [TAG]: 'tensor', ...(encodeTensor(value) as object) };
  if (isRng(value)) return { [TAG]: 'rng', state: value.state() as unknown as JsonValue };
  if (ArrayBuffer.isView(value)) {
    const kind = typedName(value);
    if (!kind) throw new Error(`cannot encode ${path}: a ${value.constructor.name} is not a supported typed array`);
    return { [TAG]: kind, data: toBase64(value) };
  }
  if (Array.isArray(value)) return value.map((v, i) => encodeTree(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeTree(v, `${path}.${k}`);
    return TAG in out ? { [TAG]: 'object', value: out } : out;
  }
  const what = typeof value === 'object' ? `a ${(value as object).constructor?.name ?? 'object'} instance` : `a ${typeof value}`;
  throw new Error(`cannot encode ${path}: it is ${what}, not plain data (objects, arrays, numbers, typed arrays, tensors)`);
}

/**
 * The tree {@link encodeTree} encoded: tensors and variables are new (the caller owns and disposes them), typed
 * arrays are fresh copies.
 * @example
 * ```ts
 * const state = decodeTree(JSON.parse(text).state) as MyState;
 * ```
 */
export function decodeTree(json: JsonValue): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map((v) => decodeTree(v));
  const tag = json[TAG];
  if (tag === undefined) return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, decodeTree(v)]));
  if (tag === 'object') return Object.fromEntries(Object.entries(json.value as Record<string, JsonValue>).map(([k, v]) => [k, decodeTree(v)]));
  if (tag === 'number') return Number(json.value);
  if (tag === 'rng') return restoreRng(json.state as unknown as RngState);
  if (tag === 'tensor' || tag === 'variable') {
    const dtype = json.dtype as 'float32' | 'int32' | 'bool';
    const Ctor = dtype === 'float32' ? 'Float32Array' : dtype === 'int32' ? 'Int32Array' : 'Uint8Array';
    const t = tf.tensor(fromBase64(Ctor, json.data as string), json.shape as number[], dtype);
    if (tag === 'tensor') return t;
    const v = tf.variable(t, json.trainable as boolean);
    t.dispose();
    return v;
  }
  if (typeof tag === 'string' && tag in TYPED) return fromBase64(tag as TypedName, json.data as string);
  throw new Error(`cannot decode a value tagged ${JSON.stringify(tag)}`);
}
