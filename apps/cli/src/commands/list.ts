import {
  describeSpec,
  type DataRequirements,
  type DatasetPlugin,
  type EstimatorPlugin,
  type InferencePlugin,
  type LatentKind,
  type MetricPlugin,
  type ModelPlugin,
  type ParamSpec,
  type Plugin,
} from '@latentkit/registry';
import { createContext, type CommonOptions } from '../context.js';
import type { CliIO } from '../io.js';
import { formatTable } from '../text-table.js';

/** Options of `latentkit list`. */
export interface ListOptions extends CommonOptions {
  readonly json?: boolean;
}

/** One hyperparameter of a model or metric. */
export interface ParamEntry {
  readonly name: string;
  readonly type: ParamSpec['type'];
  readonly default: unknown;
  /** Allowed values in words, e.g. `an integer >= 1`. */
  readonly range: string;
  readonly description?: string;
}

/** What every listed plugin shows. */
export interface PluginEntry {
  readonly key: string;
  readonly package: string;
  readonly version: string;
  readonly description?: string;
}

/** The output of `latentkit list --json`. */
export interface ListResult {
  readonly backend: string;
  readonly models: readonly (PluginEntry & { readonly engines: readonly string[]; readonly data: DataRequirements; readonly params: readonly ParamEntry[] })[];
  readonly inference: readonly (PluginEntry & { readonly requires: readonly string[]; readonly defaults: InferencePlugin['defaults'] })[];
  readonly estimators: readonly (PluginEntry & {
    readonly supports: readonly LatentKind[];
    readonly pathwise: boolean;
    readonly unbiased: boolean;
    readonly minParticles: number;
  })[];
  readonly metrics: readonly (PluginEntry & { readonly params: readonly ParamEntry[] })[];
  readonly datasets: readonly (PluginEntry & { readonly license?: string; readonly source?: string })[];
}

/**
 * `latentkit list [--json]`: the registered models (with their engines and parameters), inference engines,
 * gradient estimators (for `inference/vi`), metrics and datasets. With `--json`, one JSON line.
 */
export async function listCommand(options: ListOptions, io: CliIO): Promise<ListResult> {
  const { registry, backend } = await createContext(options, io);
  const of = <T extends Plugin>(kind: T['kind']) => registry.list(kind).map(({ key, plugin }) => ({ key, plugin: plugin as T }));
  const result: ListResult = {
    backend: backend.name,
    models: of<ModelPlugin>('model').map(({ key, plugin }) => ({
      ...entry(key, plugin),
      engines: [...plugin.supports],
      data: plugin.data,
      params: paramEntries(plugin.params, plugin.defaults),
    })),
    inference: of<InferencePlugin>('inference').map(({ key, plugin }) => ({
      ...entry(key, plugin),
      requires: [...plugin.requires],
      defaults: plugin.defaults,
    })),
    estimators: of<EstimatorPlugin>('estimator').map(({ key, plugin }) => ({
      ...entry(key, plugin),
      description: plugin.description ?? plugin.meta.description,
      supports: [...plugin.supports],
      pathwise: plugin.pathwise,
      unbiased: plugin.unbiased,
      minParticles: plugin.minParticles,
    })),
    metrics: of<MetricPlugin>('metric').map(({ key, plugin }) => ({ ...entry(key, plugin), params: paramEntries(plugin.params, plugin.defaults) })),
    datasets: of<DatasetPlugin>('dataset').map(({ key, plugin }) => ({
      ...entry(key, plugin),
      description: plugin.description ?? plugin.meta.description,
      ...(plugin.license && { license: plugin.license }),
      ...(plugin.source && { source: plugin.source }),
    })),
  };
  if (options.json) io.stdout.write(`${JSON.stringify(result)}\n`);
  else io.stdout.write(renderList(result));
  return result;
}

function entry(key: string, plugin: Plugin): PluginEntry {
  return { key, package: plugin.meta.name, version: plugin.meta.version, ...(plugin.meta.description && { description: plugin.meta.description }) };
}

/** The parameter table of a plugin: each spec with its default (null when there is none) and allowed values in words. */
export function paramEntries(specs: Record<string, ParamSpec>, defaults: object): ParamEntry[] {
  return Object.entries(specs).map(([name, spec]) => ({
    name,
    type: spec.type,
    default: (defaults as Record<string, unknown>)[name] ?? null,
    range: describeSpec(spec),
    ...(spec.description && { description: spec.description }),
  }));
}

const showDefault = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function section(title: string, rows: readonly PluginEntry[], more?: (i: number) => string): string {
  if (rows.length === 0) return `${title}\n  (none)\n`;
  const table = formatTable(
    ['key', 'package', 'description'],
    rows.map((r) => [r.key, `${r.package}@${r.version}`, r.description ?? '']),
    { indent: 2, header: false },
  ).split('\n');
  return `${title}\n${table.map((line, i) => `${line}\n${more?.(i) ?? ''}`).join('')}`;
}

function renderList(r: ListResult): string {
  const models = section('models', r.models, (i) => {
    const m = r.models[i];
    const params = formatTable(
      ['name', 'default', 'allowed', 'description'],
      m.params.map((p) => [p.name, showDefault(p.default), p.range, p.description ?? '']),
      {
        indent: 6,
        header: false,
      },
    );
    return `      engines: ${m.engines.join(', ')}; data: ${m.data.kind}\n${params}\n`;
  });
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const estimators = section('estimators', r.estimators, (i) => {
    const e = r.estimators[i];
    return `      latents: ${e.supports.join(', ')}; unbiased: ${yesNo(e.unbiased)}; pathwise: ${yesNo(e.pathwise)}; particles: >= ${e.minParticles}\n`;
  });
  return [
    `backend: ${r.backend}\n`,
    models,
    section('inference engines', r.inference),
    estimators,
    section('metrics', r.metrics),
    section('datasets', r.datasets),
  ].join('\n');
}
