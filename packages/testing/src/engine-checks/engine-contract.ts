import { API_VERSION, contractProblems, engineParamSpecs, pluginKey, validateParams, type InferencePlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { labelOf } from '../fixtures.js';

const KEY_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The engine object fits the contract: no `contractProblems`, kebab-case key, current API version, sane defaults,
 * and parameters the registry can resolve: its `defaults` validate against its `params` (with `maxIter` and `tol`),
 * and an unknown parameter name is rejected.
 */
export async function checkEngineContract(engine: InferencePlugin): Promise<void> {
  const label = labelOf(engine);
  const problems = contractProblems(engine);
  if (problems.length) throw new Error(`${label} does not fit the latentkit plugin contract: ${problems.join('; ')}`);
  expect(engine.kind).toBe('inference');
  const key = pluginKey(engine);
  expect(KEY_RE.test(key), `registry key '${key}' must be lowercase kebab-case 'namespace/id'`).toBe(true);
  expect(engine.meta.apiVersion, `${key}: meta.apiVersion`).toBe(API_VERSION);
  expect(Number.isInteger(engine.defaults?.maxIter) && engine.defaults.maxIter >= 1, `${key}: defaults.maxIter must be an integer >= 1`).toBe(true);
  expect(engine.defaults.tol >= 0, `${key}: defaults.tol must be >= 0`).toBe(true);
  checkEngineParams(engine, key);
}

function checkEngineParams(engine: InferencePlugin, key: string): void {
  const specs = engineParamSpecs(engine);
  try {
    validateParams(key, specs, {}, engine.defaults as Record<string, unknown>);
  } catch (e) {
    throw new Error(`${key}: its defaults do not fit its params: ${(e as Error).message}`);
  }
  expect(
    () => validateParams(key, specs, engine.defaults as Record<string, unknown>, { notAParameterOfAnyEngine: 1 }),
    `${key}: an unknown parameter must be rejected`,
  ).toThrow(/unknown parameter 'notAParameterOfAnyEngine'/);
}
