import { pluginKey, validateParams, type ModelPlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { freshRegistry, type ModelPluginFixtures } from '../fixtures.js';

/**
 * `plugin.defaults` has exactly the parameters of `plugin.params`, every default passes the plugin's own
 * validation (`null` is allowed and means "not given"), and `registry.create(key)` with no parameters succeeds
 * and yields the defaults. `plugin.create(defaults)` returns an instance with `terms` and `fitted`.
 */
export async function checkDefaults(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const key = pluginKey(plugin);
  const names = Object.keys(plugin.params);
  const defaults = plugin.defaults as Record<string, unknown>;
  expect(
    names.filter((n) => !(n in defaults)),
    `${key}: parameters without a default`,
  ).toEqual([]);
  expect(
    Object.keys(defaults).filter((n) => !(n in plugin.params)),
    `${key}: defaults for parameters that params does not declare`,
  ).toEqual([]);
  const given = Object.fromEntries(Object.entries(defaults).filter(([, v]) => v !== null && v !== undefined));
  try {
    validateParams(key, plugin.params, plugin.defaults, given);
  } catch (e) {
    throw new Error(`${key}: a default value fails the plugin's own parameter specs: ${(e as Error).message}`, { cause: e });
  }
  const { registry } = freshRegistry(plugin, fixtures);
  const model = registry.create(key);
  expect(model.params, `${key}: registry.create(key) must give the defaults`).toEqual(defaults);
  const instance = plugin.create(model.params);
  expect(typeof instance.terms, `${key}: create(defaults).terms`).toBe('object');
  expect(typeof instance.fitted, `${key}: create(defaults).fitted`).toBe('function');
  for (const { plugin: engine, key: engineKey } of registry.list('inference')) {
    if (!plugin.supports.includes(engineKey) || engine.kind !== 'inference') continue;
    const missing = engine.requires.filter((t) => !instance.terms[t]);
    expect(missing, `${key} lists ${engineKey} in supports but lacks the terms it requires`).toEqual([]);
  }
}
