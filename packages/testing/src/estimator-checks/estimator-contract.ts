import { API_VERSION, contractProblems, createRegistry, pluginDescription, pluginKey, type EstimatorPlugin, type LatentKind } from '@latentkit/registry';
import { expect } from 'vitest';
import { labelOf } from '../fixtures.js';
import { createInstance, type EstimatorPluginFixtures } from './estimator-fixtures.js';

const KEY_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LATENTS: readonly LatentKind[] = ['gaussian', 'bernoulli', 'categorical'];
const LIFECYCLE = ['startStep', 'finishStep', 'variables', 'dispose'] as const;

/**
 * The plugin object fits the contract: no `contractProblems`, kind `estimator`, kebab-case key, current API version,
 * a description, no latent type twice in `supports`; a fresh registry takes it without warnings; and `create()` gives
 * an instance with the plugin's key and `pathwise`, a sampling method for exactly the latent types in `supports`, and
 * the lifecycle methods.
 */
export async function checkEstimatorContract(plugin: EstimatorPlugin, fixtures: EstimatorPluginFixtures = {}): Promise<void> {
  const label = labelOf(plugin);
  const problems = contractProblems(plugin);
  if (problems.length) throw new Error(`${label} does not fit the latentkit plugin contract: ${problems.join('; ')}`);
  expect(plugin.kind, `${label}: kind`).toBe('estimator');
  const key = pluginKey(plugin);
  expect(KEY_RE.test(key), `registry key '${key}' must be lowercase kebab-case 'namespace/id'`).toBe(true);
  expect(plugin.meta.apiVersion, `${key}: meta.apiVersion must be the plugin API version of @latentkit/registry`).toBe(API_VERSION);
  expect(pluginDescription(plugin).trim().length > 0, `${key}: description must not be empty`).toBe(true);
  expect(new Set(plugin.supports).size, `${key}: supports lists a latent type twice`).toBe(plugin.supports.length);
  const warnings: string[] = [];
  const registry = createRegistry({ warn: (m) => warnings.push(m) }).register(plugin);
  expect(registry.estimator(key)).toBe(plugin);
  expect(warnings, `${key}: registering produced warnings`).toEqual([]);
  const instance = createInstance(plugin, fixtures);
  try {
    expect(instance.key, `${key}: create().key`).toBe(key);
    expect(instance.pathwise, `${key}: create().pathwise must equal the plugin's pathwise`).toBe(plugin.pathwise);
    const methods = LATENTS.filter((l) => typeof instance[l] === 'function');
    expect(methods, `${key}: the instance's sampling methods must be those of supports`).toEqual(LATENTS.filter((l) => plugin.supports.includes(l)));
    for (const m of LIFECYCLE) expect(typeof instance[m], `${key}: create().${m}`).toBe('function');
    expect(Array.isArray(instance.variables()), `${key}: create().variables() must return an array`).toBe(true);
  } finally {
    instance.dispose();
  }
}
