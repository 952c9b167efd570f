import { API_VERSION, contractProblems, pluginKey, type ModelPlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { freshRegistry, labelOf, type ModelPluginFixtures } from '../fixtures.js';

const KEY_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SPEC_TYPES = ['integer', 'number', 'string', 'boolean', 'array', 'object'];

/**
 * The plugin object fits the contract: `contractProblems` finds nothing, the key `namespace/id` and the keys in
 * `supports` are lowercase kebab-case, `meta.apiVersion` is this registry's {@link API_VERSION}, every parameter
 * spec has a known JSON-Schema type, `data.kind` is `dense` or `counts`, meta name/version match
 * `fixtures.packageJson` when given, and a fresh registry accepts it without warnings.
 */
export async function checkContractShape(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const label = labelOf(plugin);
  const problems = contractProblems(plugin);
  if (problems.length) throw new Error(`${label} does not fit the latentkit plugin contract: ${problems.join('; ')}`);
  expect(plugin.kind, `${label}: kind`).toBe('model');
  const key = pluginKey(plugin);
  expect(KEY_RE.test(key), `registry key '${key}' must be lowercase kebab-case 'namespace/id'`).toBe(true);
  expect(plugin.meta.apiVersion, `${key}: meta.apiVersion must be the plugin API version of @latentkit/registry`).toBe(API_VERSION);
  for (const engine of plugin.supports) expect(KEY_RE.test(engine), `${key}: supports entry '${engine}' is not a registry key`).toBe(true);
  expect(['dense', 'counts'], `${key}: data.kind`).toContain(plugin.data.kind);
  for (const [name, spec] of Object.entries(plugin.params)) {
    expect(SPEC_TYPES, `${key}: parameter ${name} has spec type ${JSON.stringify((spec as { type?: unknown }).type)}`).toContain(
      (spec as { type?: unknown }).type,
    );
  }
  if (fixtures.packageJson) {
    expect(plugin.meta.name, `${key}: meta.name must be the package name`).toBe(fixtures.packageJson.name);
    expect(plugin.meta.version, `${key}: meta.version must be the package version`).toBe(fixtures.packageJson.version);
  }
  const { registry, warnings } = freshRegistry(plugin, fixtures);
  expect(registry.model(key)).toBe(plugin);
  expect(warnings, `${key}: registering produced warnings`).toEqual([]);
}
