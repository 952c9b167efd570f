import { describe, expect, it } from 'vitest';
import { drive, type Stepper } from './drive.js';

/** Objective 1 − 1/t: changes by less than 1e-3 from t = 32 on. */
const stepper = (done?: Stepper<{ t: number }>['done']): Stepper<{ t: number }> => ({
  init: () => ({ t: 0 }),
  step: (s) => ({ state: { t: s.t + 1 }, objective: 1 - 1 / (s.t + 1) }),
  ...(done && { done }),
});

describe('drive: fixedIterations', () => {
  it('is true when the loop has no stopping rule (tol 0 or −∞, no done): it runs maxIter by design', async () => {
    for (const tol of [0, -Infinity]) {
      const r = await drive(stepper(), { maxIter: 20, tol });
      expect([r.iterations, r.converged, r.fixedIterations]).toEqual([20, false, true]);
    }
  });

  it('is false with a tolerance, whether it converged or hit maxIter, and with a done rule', async () => {
    const converged = await drive(stepper(), { maxIter: 100, tol: 1e-3 });
    expect([converged.converged, converged.fixedIterations]).toEqual([true, false]);
    const capped = await drive(stepper(), { maxIter: 5, tol: 1e-3 });
    expect([capped.iterations, capped.converged, capped.fixedIterations]).toEqual([5, false, false]);
    const early = await drive(
      stepper((s) => s.t >= 3),
      { maxIter: 10, tol: 0 },
    );
    expect([early.iterations, early.converged, early.fixedIterations]).toEqual([3, true, false]);
  });
});
