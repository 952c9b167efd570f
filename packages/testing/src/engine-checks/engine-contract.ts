import { API_VERSION, contractProblems, pluginKey, type InferencePlugin } from '@latentkit/registry';
import { expect } from 'vitest';
import { labelOf } from '../fixtures.js';

const KEY_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The engine object fits the contract: no `contractProblems`, kebab-case key, current API version, sane defaults. */
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
}
