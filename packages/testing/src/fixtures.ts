import { initBackend, type Dataset } from '@latentkit/core';
import {
  createRegistry,
  pluginKey,
  type FitOptions,
  type Fitted,
  type InferencePlugin,
  type Model,
  type ModelPlugin,
  type Plugin,
  type Registry,
} from '@latentkit/registry';

/** What {@link checkModelPlugin} needs besides the plugin: small data and settings for quick fits. */
export interface ModelPluginFixtures {
  /** Small training data (tens of rows), or a function that makes it. */
  readonly data: Dataset | (() => Dataset | Promise<Dataset>);
  /** Hyperparameters for the fits (keep `maxIter` small). Default: the plugin's defaults. */
  readonly params?: Record<string, unknown>;
  /** Parameter sets that must be rejected, each with a pattern its error message must match. */
  readonly invalidParams?: readonly {
    /** Hyperparameters the registry must reject (merged over the defaults). */
    readonly params: Record<string, unknown>;
    /** A pattern the one-line error message must match, e.g. `/nComponents/`. */
    readonly message: RegExp;
  }[];
  /** Inference engines to register, e.g. `[em]` from `@latentkit/inference`. None by default: pass the ones the plugin supports. */
  readonly engines?: readonly InferencePlugin[];
  /** Registry key of the engine to fit with (default: the first engine of `plugin.supports` that is registered). */
  readonly engine?: string;
  /** Other plugins the model needs in the registry. */
  readonly extraPlugins?: readonly Plugin[];
  /** Seed of every fit (default 0). */
  readonly seed?: number;
  /** The objective must not decrease from one iteration to the next (default: true when the engine is `inference/em`). */
  readonly monotone?: boolean;
  /**
   * Decrease allowed per iteration for float32 rounding: a number (absolute), or `{ rtol, atol }` meaning
   * atol + rtol·|previous objective|. Default `{ rtol: 1e-6, atol: 1e-7 }`: float32 carries about 7 significant
   * digits (ε = 1.2e-7), and consecutive objectives share most of their rounding error, so EM noise stays below
   * a few units of 1e-7 relative; a real decrease is a bug in the E- or M-step.
   */
  readonly monotoneTolerance?:
    | number
    | {
        /** Relative part: allowed decrease per unit of |previous objective| (default 1e-6). */
        readonly rtol: number;
        /** Absolute part, in units of the objective (default 1e-7). */
        readonly atol: number;
      };
  /** The plugin package's package.json (`import pkg from '../package.json' with { type: 'json' }`): meta.name/version must match it. */
  readonly packageJson?: {
    /** The package name, which `meta.name` must equal. */
    readonly name: string;
    /** The package version, which `meta.version` must equal. */
    readonly version: string;
  };
  /** Timeout of each check in ms (default: vitest's `testTimeout`). */
  readonly timeout?: number;
}

const dataCache = new WeakMap<object, Promise<Dataset>>();

/** The fixture data, made once per fixtures object. */
export function resolveData(fixtures: { readonly data: ModelPluginFixtures['data'] }): Promise<Dataset> {
  let p = dataCache.get(fixtures);
  if (!p) {
    const d = fixtures.data;
    p = Promise.resolve(typeof d === 'function' ? d() : d);
    dataCache.set(fixtures, p);
  }
  return p;
}

/** A fresh registry holding the plugin, the fixture engines and extra plugins, plus the warnings it emitted. */
export interface CheckSetup {
  /** Registry key of the plugin under test, `namespace/id`. */
  readonly key: string;
  /** A fresh registry with the fixture engines, the extra plugins and the plugin, in that order. */
  readonly registry: Registry;
  /** The warnings the registry emitted while the plugins were registered (none expected). */
  readonly warnings: string[];
  /** The fixture data, resolved once. */
  readonly data: Dataset;
  /** Registry key of the engine the fits use. */
  readonly engine: string;
  /** `registry.create(key, fixtures.params)`. */
  readonly model: Model;
  /** Seed of the fits (`fixtures.seed`, default 0). */
  readonly seed: number;
  /** Fit `model` to the fixture data with the fixture seed and engine; extra options override. */
  fit(options?: FitOptions): Promise<Fitted>;
}

/** A registry with only the plugin and the fixture plugins in it, and nothing created yet. */
export function freshRegistry(plugin: ModelPlugin, fixtures: ModelPluginFixtures): { registry: Registry; warnings: string[] } {
  const warnings: string[] = [];
  const registry = createRegistry({ warn: (m) => warnings.push(m) });
  registry.register(...(fixtures.engines ?? []), ...(fixtures.extraPlugins ?? []), plugin);
  return { registry, warnings };
}

/** Build the registry, resolve the data and create the model the fit-based checks use. */
export async function setupFit(plugin: ModelPlugin, fixtures: ModelPluginFixtures): Promise<CheckSetup> {
  await initBackend();
  const key = pluginKey(plugin);
  const { registry, warnings } = freshRegistry(plugin, fixtures);
  const engine = fixtures.engine ?? registry.compatible(key)[0];
  if (!engine) {
    throw new Error(
      `${key} supports ${plugin.supports.join(', ')}, but none of these engines is in fixtures.engines; ` +
        `pass them, e.g. \`import { em } from '@latentkit/inference'\` and \`engines: [em]\``,
    );
  }
  const data = await resolveData(fixtures);
  const model = registry.create(key, fixtures.params ?? {});
  const seed = fixtures.seed ?? 0;
  return { key, registry, warnings, data, engine, model, seed, fit: (options = {}) => model.fit(data, { engine, seed, ...options }) };
}

/** Fit once with the fixtures, run `use` on the fitted model, and dispose it whatever happens. */
export async function withFitted<T>(
  plugin: ModelPlugin,
  fixtures: ModelPluginFixtures,
  use: (fitted: Fitted, setup: CheckSetup) => T | Promise<T>,
): Promise<T> {
  const setup = await setupFit(plugin, fixtures);
  const fitted = await setup.fit();
  try {
    return await use(fitted, setup);
  } finally {
    fitted.dispose();
  }
}

/** Abort a fit from `onStep` once restart 0 has completed `after` iterations (tol 0 so it cannot converge first). */
export function abortAfter(after: number): {
  /** Fit options to pass to `fit`: `tol` 0, `maxIter` `after + 3`, the signal, and an `onStep` that aborts. */
  options: FitOptions;
  /** The controller that `onStep` aborts (its signal is in `options`). */
  controller: AbortController;
} {
  const controller = new AbortController();
  return {
    controller,
    options: {
      tol: 0,
      maxIter: after + 3,
      signal: controller.signal,
      onStep: (info) => {
        if (info.restart === 0 && info.iteration === after) controller.abort();
      },
    },
  };
}

/** Registry key for messages, even for an object that does not fit the contract. */
export function labelOf(plugin: { readonly meta?: { readonly namespace?: string; readonly id?: string } } | undefined): string {
  return plugin?.meta ? `${plugin.meta.namespace}/${plugin.meta.id}` : 'plugin';
}
