import { pluginKey, type ModelPlugin, type ParamError, type ParamSpec } from '@latentkit/registry';
import { expect } from 'vitest';
import { freshRegistry, type ModelPluginFixtures } from '../fixtures.js';

function paramError(run: () => unknown, what: string): ParamError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`${what} was accepted; expected a ParamError`);
  if ((error as Error).name !== 'ParamError') throw new Error(`${what} threw ${(error as Error).name}, not a ParamError: ${(error as Error).message}`);
  return error as ParamError;
}

/** Every `fixtures.invalidParams` entry makes `registry.create` throw a ParamError whose message matches. */
export async function checkInvalidParams(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const key = pluginKey(plugin);
  const { registry } = freshRegistry(plugin, fixtures);
  for (const { params, message } of fixtures.invalidParams ?? []) {
    const err = paramError(() => registry.create(key, params), `${key} with ${JSON.stringify(params)}`);
    expect(err.message, `${key} with ${JSON.stringify(params)}`).toMatch(message);
  }
}

/** An unknown parameter name is rejected with a ParamError that names it and lists the known parameters. */
export async function checkUnknownParameter(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const key = pluginKey(plugin);
  const { registry } = freshRegistry(plugin, fixtures);
  const name = 'notAParameterOfThisModel';
  const err = paramError(() => registry.create(key, { [name]: 1 }), `${key} with an unknown parameter '${name}'`);
  expect(err.param).toBe(name);
  expect(err.message).toContain(name);
  for (const known of Object.keys(plugin.params)) expect(err.message, `the message should list the known parameters`).toContain(known);
}

/** Values just outside the range a spec declares: below a minimum, above a maximum, on an open bound, a fraction for an integer, an unknown option for an enum. */
export function outOfRangeValues(spec: ParamSpec): unknown[] {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const out: unknown[] = [];
      if (spec.minimum !== undefined) out.push(spec.minimum - 1);
      if (spec.maximum !== undefined) out.push(spec.maximum + 1);
      if ('exclusiveMinimum' in spec && spec.exclusiveMinimum !== undefined) out.push(spec.exclusiveMinimum);
      if ('exclusiveMaximum' in spec && spec.exclusiveMaximum !== undefined) out.push(spec.exclusiveMaximum);
      if (spec.type === 'integer') out.push((spec.minimum ?? 0) + 0.5);
      return out;
    }
    case 'string':
      // An enum refuses other words; a pattern (a registry key, a free string such as a group value) refuses ''.
      return 'enum' in spec ? ['not-one-of-the-options'] : [''];
    default:
      return [];
  }
}

/** Whether `plugin` declares a range, an integer or an enum that {@link checkParameterRanges} can probe. */
export function hasRanges(plugin: ModelPlugin): boolean {
  return Object.values(plugin.params).some((s) => outOfRangeValues(s as ParamSpec).length > 0);
}

/**
 * For every numeric parameter with a bound (and every integer or enum parameter), a value just outside is
 * rejected with a ParamError whose message names the parameter and the value, e.g.
 * `mixture/gmm: parameter nComponents=0 is invalid: expected an integer >= 1`.
 */
export async function checkParameterRanges(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<void> {
  const key = pluginKey(plugin);
  const { registry } = freshRegistry(plugin, fixtures);
  for (const [name, spec] of Object.entries(plugin.params)) {
    for (const value of outOfRangeValues(spec as ParamSpec)) {
      const err = paramError(() => registry.validate(key, { [name]: value }), `${key} with ${name}=${JSON.stringify(value)}`);
      expect(err.param, `${key}: ParamError.param`).toBe(name);
      expect(err.message, `${key}: the message should name the parameter`).toContain(name);
      expect(err.message, `${key}: the message should show the value`).toContain(String(value));
    }
  }
}
