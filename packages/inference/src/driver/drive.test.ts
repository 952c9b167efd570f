import { initBackend } from '@latentkit/core';
import type { StepInfo } from '@latentkit/registry';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { drive, type AsyncStepper, type Stepper } from './drive.js';
import { tidyState } from './tensor-state.js';

beforeAll(async () => {
  await initBackend();
});

/** A stepper over plain numbers whose objective at step t (1-based) is `objective(t)`. */
function scripted(objective: (t: number) => number, onStepCall?: (t: number) => void): Stepper<{ t: number }> {
  return {
    init: () => ({ t: 0 }),
    step: (s) => {
      onStepCall?.(s.t + 1);
      return { state: { t: s.t + 1 }, objective: objective(s.t + 1) };
    },
  };
}

interface TensorState {
  /** Counts the steps: holds t after t steps. */
  readonly value: tf.Scalar;
  /** A tensor every step passes through unchanged: the driver must not dispose it. */
  readonly constant: tf.Tensor1D;
}

/** A tensor-holding stepper: each step makes a few intermediates and a new `value`; objective −1/t. */
function tensorStepper(opts: { throwAt?: number; nanAt?: number } = {}): Stepper<TensorState> {
  return {
    init: () => ({ value: tf.scalar(0), constant: tf.tensor1d([1, 2, 3]) }),
    step: (s) => {
      const next = tf.add(s.value, tf.div(tf.sum(tf.div(s.constant, s.constant)), 3)) as tf.Scalar;
      const t = next.dataSync()[0];
      if (t === opts.throwAt) throw new Error(`step ${t} failed`);
      return { state: { value: next, constant: s.constant }, objective: t === opts.nanAt ? Number.NaN : -1 / t };
    },
  };
}

const disposeState = (s: TensorState) => tf.dispose([s.value, s.constant]);

describe('drive', () => {
  it('stops when |Δobjective| < tol and reports convergence', async () => {
    // objective_t = 1 − 2^−t, so Δ_t = 2^−t: the first Δ below 1e-3 is at t = 10 (2^−10 ≈ 9.8e-4; 2^−9 ≈ 2.0e-3).
    const r = await drive(
      scripted((t) => 1 - 2 ** -t),
      { maxIter: 100, tol: 1e-3 },
    );
    expect([r.iterations, r.converged, r.cancelled]).toEqual([10, true, false]);
    expect(r.state).toEqual({ t: 10 });
    expect(r.objective).toBe(1 - 2 ** -10);
    expect(r.trace).toEqual(Array.from({ length: 10 }, (_, i) => ({ iteration: i + 1, objective: 1 - 2 ** -(i + 1) })));
  });

  it('stops at maxIter without convergence', async () => {
    const r = await drive(
      scripted((t) => t),
      { maxIter: 7, tol: 1e-3 },
    );
    expect([r.iterations, r.converged, r.cancelled, r.objective]).toEqual([7, false, false, 7]);
    expect(r.trace).toHaveLength(7);
  });

  it('stops when the stepper says it is done', async () => {
    const stepper = { ...scripted((t) => t), done: (s: { t: number }, _o: number, delta: number) => s.t === 4 && delta === 1 };
    const r = await drive(stepper, { maxIter: 50, tol: 0 });
    expect([r.iterations, r.converged]).toEqual([4, true]);
  });

  it('calls onStep with increasing iterations, objective and delta (NaN first), and awaits it', async () => {
    const infos: StepInfo[] = [];
    const settledBeforeStep: number[] = [];
    const r = await drive(
      scripted(
        (t) => t * t,
        () => settledBeforeStep.push(infos.length),
      ),
      {
        maxIter: 5,
        tol: 0,
        onStep: async (info) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          infos.push(info);
        },
      },
    );
    // Step t runs only after the onStep of step t−1 has settled.
    expect(settledBeforeStep).toEqual([0, 1, 2, 3, 4]);
    expect(infos.map((i) => i.iteration)).toEqual([1, 2, 3, 4, 5]);
    expect(infos.map((i) => i.objective)).toEqual([1, 4, 9, 16, 25]);
    expect(infos.map((i) => i.delta)).toEqual([NaN, 3, 5, 7, 9]);
    for (const i of infos) expect([i.restart, i.restarts, i.maxIter]).toEqual([0, 1, 5]);
    expect(infos.every((i, k) => k === 0 || i.elapsedMs >= infos[k - 1].elapsedMs)).toBe(true);
    expect(r.trace.every((e) => !('restart' in e))).toBe(true);
  });

  it('passes the restart index to onStep and into the trace when there are several restarts', async () => {
    const infos: StepInfo[] = [];
    const r = await drive(
      scripted((t) => t),
      { maxIter: 2, tol: 0, restart: 1, restarts: 3, onStep: (i) => void infos.push(i) },
    );
    expect(r.trace).toEqual([
      { iteration: 1, objective: 1, restart: 1 },
      { iteration: 2, objective: 2, restart: 1 },
    ]);
    expect(infos.map((i) => [i.restart, i.restarts])).toEqual([
      [1, 3],
      [1, 3],
    ]);
  });

  it("yields to the event loop after every step with yieldEvery: 'step'", async () => {
    let ran = false;
    const seen: boolean[] = [];
    setImmediate(() => (ran = true));
    await drive(
      scripted(
        (t) => t,
        () => seen.push(ran),
      ),
      { maxIter: 4, tol: 0, yieldEvery: 'step' },
    );
    // The callback scheduled before the fit ran during the fit, right after the first step's yield.
    expect(seen).toEqual([false, true, true, true]);
  });

  it('does not yield within the yieldEvery interval', async () => {
    let ran = false;
    const seen: boolean[] = [];
    const immediate = setImmediate(() => (ran = true));
    await drive(
      scripted(
        (t) => t,
        () => seen.push(ran),
      ),
      { maxIter: 4, tol: 0, yieldEvery: 1e9 },
    );
    expect(seen).toEqual([false, false, false, false]);
    expect(ran).toBe(false);
    clearImmediate(immediate);
  });

  it('returns the last good state with cancelled: true when aborted from onStep', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const r = await drive(tensorStepper(), {
      maxIter: 20,
      tol: 0,
      signal: controller.signal,
      onStep: (i) => {
        if (i.iteration === 3) controller.abort();
      },
    });
    expect([r.iterations, r.cancelled, r.converged]).toEqual([3, true, false]);
    expect(r.trace.map((e) => e.iteration)).toEqual([1, 2, 3]);
    expect(r.objective).toBeCloseTo(-1 / 3, 6);
    expect(r.state.value.isDisposed).toBe(false);
    expect(r.state.constant.isDisposed).toBe(false);
    expect(r.state.value.dataSync()[0]).toBe(3);
    expect(Array.from(r.state.constant.dataSync())).toEqual([1, 2, 3]);
    // Only the two tensors of the returned state are alive.
    expect(tf.memory().numTensors).toBe(before + 2);
    disposeState(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not step at all when the signal is already aborted', async () => {
    const before = tf.memory().numTensors;
    const r = await drive(tensorStepper(), { maxIter: 5, tol: 0, signal: AbortSignal.abort() });
    expect([r.iterations, r.cancelled, r.trace.length]).toEqual([0, true, 0]);
    expect(Number.isNaN(r.objective)).toBe(true);
    expect(r.state.value.dataSync()[0]).toBe(0);
    disposeState(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('marks a fit aborted during its last onStep as cancelled', async () => {
    const controller = new AbortController();
    const r = await drive(
      scripted((t) => t),
      { maxIter: 3, tol: 0, signal: controller.signal, onStep: (i) => void (i.iteration === 3 && controller.abort()) },
    );
    expect([r.iterations, r.cancelled]).toEqual([3, true]);
  });

  it('keeps exactly the state tensors over a full run, intermediates and replaced states freed', async () => {
    const before = tf.memory().numTensors;
    const during: number[] = [];
    const r = await drive(tensorStepper(), { maxIter: 6, tol: 0, onStep: () => void during.push(tf.memory().numTensors) });
    expect(during).toEqual(Array(6).fill(before + 2));
    expect(r.state.value.dataSync()[0]).toBe(6);
    disposeState(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves no tensors behind when a step throws', async () => {
    const before = tf.memory().numTensors;
    await expect(drive(tensorStepper({ throwAt: 3 }), { maxIter: 10, tol: 0 })).rejects.toThrow('step 3 failed');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves no tensors behind when init throws', async () => {
    const before = tf.memory().numTensors;
    const failing: Stepper<TensorState> = {
      ...tensorStepper(),
      init: () => {
        tf.scalar(1);
        throw new Error('no init');
      },
    };
    await expect(drive(failing, { maxIter: 10, tol: 0 })).rejects.toThrow('no init');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('raises a one-line error naming the iteration when the objective is not finite', async () => {
    const before = tf.memory().numTensors;
    const err = await drive(tensorStepper({ nanAt: 4 }), { maxIter: 10, tol: 0, label: 'toy/em' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatchInlineSnapshot(
      `"toy/em: the objective became NaN at iteration 4; the data may need scaling or a larger regularisation"`,
    );
    expect((err as Error).message).not.toContain('\n');
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      drive(
        scripted((t) => (t === 2 ? -Infinity : t)),
        { maxIter: 5, tol: 0 },
      ),
    ).rejects.toThrow('fit: the objective became -Infinity at iteration 2');
  });

  it('rejects when onStep rejects, freeing the state', async () => {
    const before = tf.memory().numTensors;
    const onStep = async (i: StepInfo) => {
      if (i.iteration === 2) throw new Error('callback failed');
    };
    await expect(drive(tensorStepper(), { maxIter: 5, tol: 0, onStep })).rejects.toThrow('callback failed');
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('with stepAsync (an iteration of many updates)', () => {
    /**
     * Each iteration is `updates` updates of a tensor counter (value + 1 each, a new tensor every time), checking the
     * control between updates; `failAt` throws inside that update (counted over the whole run).
     */
    function updating(updates: number, opts: { failAt?: number; onUpdate?: (u: number) => void } = {}): AsyncStepper<TensorState> & { count: () => number } {
      let done = 0;
      return {
        init: () => ({ value: tf.scalar(0), constant: tf.tensor1d([1, 2, 3]) }),
        stepAsync: async (s, control) => {
          let current = s;
          try {
            for (let u = 0; u < updates; u++) {
              const before = current;
              const value = tf.tidy(() => {
                if (done + 1 === opts.failAt) {
                  tf.add(before.value, 100); // an intermediate the failing update must not leak
                  throw new Error(`update ${done + 1} failed`);
                }
                return tf.add(before.value, 1) as tf.Scalar;
              });
              done++;
              current = { value, constant: s.constant };
              if (before !== s) before.value.dispose();
              opts.onUpdate?.(done);
              if (control.cancelled()) return { state: current, objective: Number.NaN, partial: true };
              await control.pause();
            }
            return { state: current, objective: -1 / current.value.dataSync()[0] };
          } catch (e) {
            // As the contract asks: on error, dispose what this iteration made; the driver disposes its input state.
            if (current !== s) current.value.dispose();
            throw e;
          }
        },
        count: () => done,
      };
    }

    it('runs whole iterations and keeps the state of each', async () => {
      const before = tf.memory().numTensors;
      const stepper = updating(5);
      const r = await drive(stepper, { maxIter: 3, tol: 0 });
      expect([r.iterations, r.cancelled, r.state.value.dataSync()[0], stepper.count()]).toEqual([3, false, 15, 15]);
      disposeState(r.state);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('stops inside an iteration when aborted, keeping the state after the last update and no trace entry for it', async () => {
      const before = tf.memory().numTensors;
      const controller = new AbortController();
      const stepper = updating(5, { onUpdate: (u) => u === 7 && controller.abort() });
      const r = await drive(stepper, { maxIter: 10, tol: 0, signal: controller.signal });
      expect([r.iterations, r.cancelled, r.trace.length, stepper.count()]).toEqual([1, true, 1, 7]);
      expect(r.state.value.dataSync()[0]).toBe(7);
      disposeState(r.state);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('leaves no tensors behind when an update throws', async () => {
      const before = tf.memory().numTensors;
      await expect(drive(updating(5, { failAt: 8 }), { maxIter: 10, tol: 0 })).rejects.toThrow('update 8 failed');
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});

/**
 * A stepper whose step is asynchronous, as on worker threads: its synchronous part makes intermediates (freed by the
 * driver's tidy) and reads plain numbers, it awaits, and it builds the new state in its own tidy.
 */
function promisedStepper(opts: { rejectAt?: number; onAwait?: (t: number) => void } = {}): Stepper<TensorState> {
  return {
    init: () => ({ value: tf.scalar(0), constant: tf.tensor1d([1, 2, 3]) }),
    step: async (s) => {
      const t = tf.add(s.value, tf.div(tf.sum(tf.div(s.constant, s.constant)), 3)).dataSync()[0];
      opts.onAwait?.(t);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (t === opts.rejectAt) throw new Error(`step ${t} failed`);
      return tidyState(() => ({ state: { value: tf.scalar(tf.add(tf.scalar(t), 0).dataSync()[0]), constant: s.constant }, objective: -1 / t }));
    },
  };
}

describe('drive with asynchronous steps', () => {
  it('keeps exactly the state tensors over a run: the synchronous part is tidied, nothing crosses the await', async () => {
    const before = tf.memory().numTensors;
    const during: number[] = [];
    const r = await drive(promisedStepper({ onAwait: () => void during.push(tf.memory().numTensors) }), { maxIter: 5, tol: 0 });
    expect(r.iterations).toBe(5);
    expect(r.state.value.dataSync()[0]).toBe(5);
    expect(r.trace.map((e) => e.objective)).toEqual([1, 2, 3, 4, 5].map((t) => -1 / t));
    disposeState(r.state);
    expect(tf.memory().numTensors).toBe(before);
    expect(during.every((n) => n > before + 2)).toBe(true);
  });

  it('rejects with the step error and frees the state when the signal did not fire', async () => {
    const before = tf.memory().numTensors;
    await expect(drive(promisedStepper({ rejectAt: 3 }), { maxIter: 5, tol: 0 })).rejects.toThrow('step 3 failed');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ends as cancelled with the last good state when the step rejects after the signal fired', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const r = await drive(promisedStepper({ rejectAt: 3, onAwait: (t) => t === 3 && controller.abort() }), { maxIter: 5, tol: 0, signal: controller.signal });
    expect([r.iterations, r.cancelled, r.state.value.dataSync()[0]]).toEqual([2, true, 2]);
    disposeState(r.state);
    expect(tf.memory().numTensors).toBe(before);
  });
});
