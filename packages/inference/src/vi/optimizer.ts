import * as tf from '@tensorflow/tfjs-core';

/** A first-order optimiser that updates variables in place. */
export interface Optimizer {
  /** One update with step size `learningRate` from gradients keyed by variable name; missing gradients skip their variable. */
  apply(variables: readonly tf.Variable[], grads: Readonly<Record<string, tf.Tensor | null | undefined>>, learningRate: number): void;
  /** Free the optimiser's slots (Adam's moments). */
  dispose(): void;
  /** Its state for a checkpoint, per variable in the order of `variables` (the tensors are the live slots: encode them at once). */
  save(variables: readonly tf.Variable[]): unknown;
  /** Take back what `save` returned (with new tensors, which it now owns) for these variables, in the same order. */
  restore(variables: readonly tf.Variable[], saved: unknown): void;
}

/** Adam's constants (Kingma & Ba 2015; torch's defaults). */
export interface AdamOptions {
  /** β₁, decay of the first-moment (mean) estimate (default 0.9). */
  readonly beta1?: number;
  /** β₂, decay of the second-moment estimate (default 0.999). */
  readonly beta2?: number;
  /** ε added to √v̂ in the denominator (default 1e-8). */
  readonly epsilon?: number;
}

interface AdamSlot {
  readonly m: tf.Variable;
  readonly v: tf.Variable;
  t: number;
}

/**
 * Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
 * Defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8. The moments are kept per variable (by name) with their own step count t,
 * so variables may join late (a learned baseline) or miss a gradient in a step. tfjs's `AdamOptimizer` keys its slots
 * by position in the gradient list instead, which shifts when a variable has no gradient.
 *
 * References: D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization", ICLR 2015.
 * @example
 * ```ts
 * const opt = adam();
 * const { grads } = tf.variableGrads(loss, vars);
 * opt.apply(vars, grads, 1e-3);
 * ```
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const slots = new Map<string, AdamSlot>();
  return {
    apply(variables, grads, learningRate) {
      tf.tidy(() => {
        for (const w of variables) {
          const g = grads[w.name];
          if (!g) continue;
          let slot = slots.get(w.name);
          if (!slot) {
            slot = { m: tf.variable(tf.zerosLike(w), false), v: tf.variable(tf.zerosLike(w), false), t: 0 };
            slots.set(w.name, slot);
          }
          slot.t += 1;
          slot.m.assign(tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1)));
          slot.v.assign(tf.add(tf.mul(slot.v, beta2), tf.mul(tf.square(g), 1 - beta2)));
          const mHat = tf.div(slot.m, 1 - beta1 ** slot.t);
          const vHat = tf.div(slot.v, 1 - beta2 ** slot.t);
          w.assign(tf.sub(w, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), learningRate)));
        }
      });
    },
    dispose() {
      for (const s of slots.values()) tf.dispose([s.m, s.v]);
      slots.clear();
    },
    save: (variables) => variables.map((w) => slots.get(w.name) ?? null),
    restore(variables, saved) {
      const list = saved as readonly (AdamSlot | null)[];
      if (!Array.isArray(list) || list.length !== variables.length)
        throw new Error(
          `inference/vi: the checkpoint's Adam moments are for ${Array.isArray(list) ? list.length : 0} variables, the model has ${variables.length}`,
        );
      this.dispose();
      list.forEach((slot, i) => {
        if (slot) slots.set(variables[i].name, { m: slot.m, v: slot.v, t: slot.t });
      });
    },
  };
}

/**
 * Plain stochastic gradient descent: w ← w − lr·g.
 * @example
 * ```ts
 * sgd().apply(vars, grads, 0.01);
 * ```
 */
export function sgd(): Optimizer {
  return {
    apply(variables, grads, learningRate) {
      tf.tidy(() => {
        for (const w of variables) {
          const g = grads[w.name];
          if (g) w.assign(tf.sub(w, tf.mul(g, learningRate)));
        }
      });
    },
    dispose() {},
    save: () => null,
    restore() {},
  };
}

/**
 * The optimiser named by the `optimizer` parameter of `inference/vi` (default Adam).
 * @example
 * ```ts
 * const opt = createOptimizer('sgd');
 * ```
 */
export function createOptimizer(kind: 'adam' | 'sgd' = 'adam'): Optimizer {
  if (kind === 'adam') return adam();
  if (kind === 'sgd') return sgd();
  throw new Error(`inference/vi: optimizer must be 'adam' or 'sgd', got ${JSON.stringify(kind)}`);
}
