import { describe, expect, it } from 'vitest';
import type { Fitted, SavedModel } from './contract.js';
import { markFixedIterations } from './fixed-iterations.js';

const saved = { format: 'latentkit-model', fit: { iterations: 5, converged: false } } as unknown as SavedModel;

class Toy {
  readonly iterations = 5;
  readonly converged = false;
  toJSON(): SavedModel {
    return saved;
  }
}

describe('markFixedIterations', () => {
  it('leaves a fit with a stopping rule as it is', () => {
    const f = new Toy() as unknown as Fitted;
    expect(markFixedIterations(f, false)).toBe(f);
    expect(f.fixedIterations).toBeUndefined();
    expect(f.toJSON().fit.fixedIterations).toBeUndefined();
  });

  it('marks the fitted model and its saved fit block, for class instances and frozen objects alike', () => {
    for (const f of [new Toy(), Object.freeze(new Toy())] as unknown as Fitted[]) {
      const m = markFixedIterations(f, true);
      expect(m.fixedIterations).toBe(true);
      expect(m.iterations).toBe(5);
      expect(m.toJSON().fit).toEqual({ iterations: 5, converged: false, fixedIterations: true });
    }
    // The saved JSON the plugin returns is not mutated.
    expect(saved.fit.fixedIterations).toBeUndefined();
  });
});
