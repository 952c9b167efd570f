import * as tf from '@tensorflow/tfjs-core';

/** Every tensor reachable from `value` through plain objects and arrays (typed arrays are not walked). */
export function tensorsIn(value: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (value instanceof tf.Tensor) out.push(value);
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, out);
  else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) for (const v of Object.values(value)) tensorsIn(v, out);
  return out;
}

/** Dispose the tensors of `old` that `keep` does not also hold. */
export function disposeReplaced(old: unknown, keep: unknown): void {
  const kept = new Set(tensorsIn(keep).map((t) => t.id));
  for (const t of tensorsIn(old)) if (!kept.has(t.id) && !t.isDisposed) t.dispose();
}

/** Dispose every tensor in `value`. */
export function disposeAll(value: unknown): void {
  for (const t of tensorsIn(value)) if (!t.isDisposed) t.dispose();
}

/**
 * Run `fn` inside `tf.tidy`, keeping the tensors of its (object) result.
 * Unlike `tf.tidy` it does not walk typed arrays in the result, so results may hold Float64Array statistics.
 */
export function tidyState<T>(fn: () => T): T {
  let result!: T;
  const keep = tf.tidy(() => {
    result = fn();
    return tensorsIn(result);
  });
  void keep;
  return result;
}

/**
 * A deep copy of a model state: tensors cloned (variables as new variables), typed arrays and arrays copied, plain
 * objects copied field by field; anything else (numbers, strings, functions) shared. An engine that continues from a
 * fitted model's state (`EngineOptions.initialState`) starts from a copy, so that disposing the states it replaces
 * never frees the fitted model's tensors.
 */
export function cloneState<S>(value: S): S {
  if (value instanceof tf.Variable) return tf.variable(value.clone(), value.trainable) as S;
  if (value instanceof tf.Tensor) return value.clone() as S;
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): unknown }).slice() as S;
  if (Array.isArray(value)) return value.map((v) => cloneState(v)) as S;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneState(v)])) as S;
  return value;
}
