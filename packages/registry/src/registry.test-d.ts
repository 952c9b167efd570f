import { describe, expectTypeOf, it } from 'vitest';
import type { Fitted } from './contract.js';
import { createRegistry, type Model } from './registry.js';

interface ToyXParams {
  a: number;
}

declare module '@latentkit/registry' {
  interface ModelRegistry {
    'toy/x': ToyXParams;
  }
}

describe('typed registry keys by declaration merging', () => {
  const registry = createRegistry();

  it('types params of a key declared in ModelRegistry', () => {
    expectTypeOf(registry.create('toy/x', { a: 1 })).toEqualTypeOf<Model<ToyXParams>>();
    expectTypeOf(registry.create('toy/x', { a: 1 }).params).toEqualTypeOf<{ a: number }>();
    expectTypeOf(registry.validate('toy/x')).toEqualTypeOf<ToyXParams>();
    expectTypeOf(registry.create('toy/x').fit).returns.resolves.toEqualTypeOf<Fitted<ToyXParams>>();
  });

  it('falls back to a plain record for keys it does not know', () => {
    expectTypeOf(registry.create('other/y').params).toEqualTypeOf<Record<string, unknown>>();
  });
});
