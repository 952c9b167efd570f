import * as tf from '@tensorflow/tfjs-core';
import { tensorsIn } from '../driver/tensor-state.js';

/** A copy of a model state: the values of its variables, and clones of its other tensors in a state of the same shape. */
export interface StateSnapshot<S> {
  /** The state with every non-variable tensor replaced by a clone (variables are the live ones). */
  readonly state: S;
  readonly variables: readonly tf.Variable[];
  readonly values: readonly tf.Tensor[];
}

function mapTensors(value: unknown, fn: (t: tf.Tensor) => tf.Tensor): unknown {
  if (value instanceof tf.Tensor) return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapTensors(v, fn));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapTensors(v, fn)]));
  }
  return value;
}

/**
 * Copy `state` (a tree of plain objects and arrays) so that it survives later in-place updates of its variables and
 * the disposal of its other tensors. The copies are `tf.keep`-ed: free them with {@link disposeSnapshot}, or take
 * the state over with {@link restoreSnapshot}.
 */
export function takeSnapshot<S>(state: S): StateSnapshot<S> {
  const variables: tf.Variable[] = [];
  const clones = new Set<tf.Tensor>();
  const copy = mapTensors(state, (t) => {
    if (t instanceof tf.Variable) {
      if (!variables.includes(t)) variables.push(t);
      return t;
    }
    const c = tf.keep(tf.clone(t));
    clones.add(c);
    return c;
  }) as S;
  if (tensorsIn(copy).some((t) => (t instanceof tf.Variable ? !variables.includes(t) : !clones.has(t)))) {
    tf.dispose([...clones]);
    throw new Error('inference/vi: early stopping copies the model state, which must be plain objects and arrays holding tensors (no class instances)');
  }
  return { state: copy, variables, values: variables.map((v) => tf.keep(tf.clone(v))) };
}

/** Write the snapshot's values back into its variables and return its state; the snapshot's clones now belong to that state. */
export function restoreSnapshot<S>(snapshot: StateSnapshot<S>): S {
  snapshot.variables.forEach((v, i) => v.assign(snapshot.values[i]));
  tf.dispose(snapshot.values as tf.Tensor[]);
  return snapshot.state;
}

/** Free a snapshot that will not be restored. */
export function disposeSnapshot<S>(snapshot: StateSnapshot<S>): void {
  for (const t of tensorsIn(snapshot.state)) if (!(t instanceof tf.Variable) && !t.isDisposed) t.dispose();
  tf.dispose(snapshot.values as tf.Tensor[]);
}

/** The snapshot as one state tree, its variables replaced by their saved values (for a checkpoint; nothing is copied). */
export function snapshotTree<S>(snapshot: StateSnapshot<S>): unknown {
  return mapTensors(snapshot.state, (t) => (t instanceof tf.Variable ? snapshot.values[snapshot.variables.indexOf(t)] : t));
}

/**
 * The snapshot that {@link snapshotTree} gave `tree` for, rebuilt on `live`, a state of the same shape whose variables
 * are the ones to restore into: the tensors of `tree` (new, from a checkpoint) now belong to the snapshot.
 */
export function snapshotFromTree<S>(live: S, tree: unknown): StateSnapshot<S> {
  const variables: tf.Variable[] = [];
  const values: tf.Tensor[] = [];
  const walk = (l: unknown, t: unknown): unknown => {
    if (l instanceof tf.Variable) {
      if (!(t instanceof tf.Tensor)) throw new Error("inference/vi: the checkpoint's best-epoch state does not match the model state");
      if (variables.includes(l)) t.dispose();
      else {
        variables.push(l);
        values.push(t);
      }
      return l;
    }
    if (Array.isArray(l)) return l.map((v, i) => walk(v, (t as unknown[])?.[i]));
    if (l && typeof l === 'object' && !(l instanceof tf.Tensor) && Object.getPrototypeOf(l) === Object.prototype)
      return Object.fromEntries(Object.entries(l).map(([k, v]) => [k, walk(v, (t as Record<string, unknown>)?.[k])]));
    return t;
  };
  return { state: walk(live, tree) as S, variables, values };
}
