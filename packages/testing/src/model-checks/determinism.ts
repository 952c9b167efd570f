import type { ModelPlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { expectClose } from '../expect-close.js';
import { setupFit, type ModelPluginFixtures } from '../fixtures.js';

/**
 * Two fits with the same seed give identical traces, identical `transform` output and identical samples
 * (exact equality: the same float32 operations run in the same order). Different seeds are not required to differ.
 */
export async function checkDeterminism(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const setup = await setupFit(plugin, fixtures);
  const { key, data } = setup;
  const a = await setup.fit();
  try {
    const b = await setup.fit();
    try {
      expect(b.trace, `${key}: two fits with seed ${setup.seed} gave different traces`).toEqual(a.trace);
      expect(b.iterations).toBe(a.iterations);
      const ta = a.transform(data);
      const tb = b.transform(data);
      expectClose(tb.values, ta.values, { rtol: 0, atol: 0, label: `${key}: transform after two fits with seed ${setup.seed}` });
      expectClose(b.sample(5, 11).values, a.sample(5, 11).values, { rtol: 0, atol: 0, label: `${key}: sample(5, 11) of two fits with the same seed` });
      expectClose(a.sample(5, 11).values, a.sample(5, 11).values, { rtol: 0, atol: 0, label: `${key}: sample(5, 11) called twice` });
    } finally {
      b.dispose();
    }
  } finally {
    a.dispose();
  }
}
