import {
  engineParamSpecs,
  type DatasetPlugin,
  type EstimatorPlugin,
  type InferencePlugin,
  type MetricPlugin,
  type ModelPlugin,
  type ParamSpec,
  type Plugin,
  type Registry,
} from '@latentkit/registry';
import { createContext, type CommonOptions } from '../context.js';
import { UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { formatTable } from '../text-table.js';
import { paramEntries, type ParamEntry } from './list.js';

/** Options of `latentkit list <key>`. */
export interface ListPluginOptions extends CommonOptions {
  readonly key: string;
  readonly json?: boolean;
}

/** What `latentkit list <key> --json` prints: one plugin with its parameters. */
export interface PluginDetails {
  readonly key: string;
  readonly kind: Plugin['kind'];
  readonly package: string;
  readonly version: string;
  readonly description: string;
  /** Facts of its kind: engines and data of a model, terms of an engine, latents of an estimator. */
  readonly facts: Readonly<Record<string, string>>;
  /**
   * Its hyperparameters (models, metrics), engine parameters (`--engine-set`, engines), estimator parameters
   * (`--estimator-set`) or `--data` options (datasets); empty for plugins without any.
   */
  readonly params: readonly ParamEntry[];
}

/**
 * Edit distance (Levenshtein: insertions, deletions and substitutions cost 1) between two strings.
 * @example
 * ```ts
 * editDistance('mixture/gnm', 'mixture/gmm'); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length];
}

/**
 * The registered keys closest to `key`, best first (at most three): keys whose id is `key` or that contain it if there are
 * any, else those within an edit distance of a third of the key's length (at least 2) of the key or of its id, and at
 * most one more than the closest one's.
 */
export function closestKeys(key: string, keys: readonly string[]): string[] {
  const q = key.toLowerCase();
  const scored = keys.map((k) => {
    const id = k.split('/').pop()!;
    const distance = Math.min(editDistance(q, k), editDistance(q, id));
    return { k, score: id === q ? -2 : id.includes(q) || k.includes(q) ? -1 : distance };
  });
  const limit = Math.max(2, Math.floor(q.length / 3));
  const named = scored.filter((s) => s.score < 0);
  const near = scored.filter((s) => s.score <= limit);
  const best = Math.min(...near.map((s) => s.score));
  return (named.length ? named : near.filter((s) => s.score <= best + 1))
    .sort((a, b) => a.score - b.score || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map((s) => s.k);
}

/** One plugin, or a one-line error suggesting the closest registered keys. */
function findPlugin(registry: Registry, key: string): Plugin {
  if (registry.has(key)) return registry.get(key);
  const all = (['model', 'inference', 'estimator', 'metric', 'dataset'] as const).flatMap((kind) => registry.list(kind).map((e) => e.key));
  const close = closestKeys(key, all);
  const hint = close.length ? `did you mean ${close.join(', ')}?` : 'latentkit list shows every key';
  throw new UsageError(`unknown plugin key '${key}'; ${hint}`);
}

function details(key: string, plugin: Plugin): PluginDetails {
  const base = { key, kind: plugin.kind, package: plugin.meta.name, version: plugin.meta.version };
  const describe = (description: string | undefined, facts: Record<string, string>, params: readonly ParamEntry[] = []): PluginDetails => ({
    ...base,
    description: description ?? plugin.meta.description ?? '',
    facts,
    params,
  });
  switch (plugin.kind) {
    case 'model': {
      const m = plugin as ModelPlugin;
      return describe(m.meta.description, { engines: m.supports.join(', '), data: m.data.kind }, paramEntries(m.params, m.defaults));
    }
    case 'metric': {
      const m = plugin as MetricPlugin;
      return describe(m.meta.description, {}, paramEntries(m.params, m.defaults));
    }
    case 'inference': {
      const e = plugin as InferencePlugin;
      return describe(
        e.meta.description,
        { requires: e.requires.join(', '), continues: e.continues ? 'yes (registry.continueFit resumes its fits)' : 'no' },
        paramEntries(engineParamSpecs(e), e.defaults),
      );
    }
    case 'estimator': {
      const e = plugin as EstimatorPlugin;
      const yesNo = (b: boolean) => (b ? 'yes' : 'no');
      return describe(
        e.description,
        { latents: e.supports.join(', '), unbiased: yesNo(e.unbiased), pathwise: yesNo(e.pathwise), particles: `>= ${e.minParticles}` },
        paramEntries(e.params ?? {}, e.defaults ?? {}),
      );
    }
    case 'dataset': {
      const d = plugin as DatasetPlugin;
      const specs = { ...d.params } as Record<string, ParamSpec>;
      return describe(
        d.description,
        {
          ...(d.license && { license: d.license }),
          ...(d.source && { source: d.source }),
          options: d.params ? 'pass them as --data name=value' : 'not declared; --data name=value passes them to its load() unchecked',
        },
        paramEntries(specs, d.defaults ?? {}),
      );
    }
  }
}

/** The command-line option that sets the parameters of each kind of plugin. */
const FLAG: Readonly<Record<Plugin['kind'], string>> = {
  model: '--set',
  metric: '--set',
  dataset: '--data',
  inference: '--engine-set',
  estimator: '--estimator-set',
};

const showDefault = (v: unknown): string => (v === null || v === undefined ? '-' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * `latentkit list <key> [--json]`: one plugin's description and parameters (name, type, default, allowed values and
 * description, from its `params` specs; a dataset's `--data` options). An unknown key is a one-line error suggesting
 * the closest registered keys.
 */
export async function listPluginCommand(options: ListPluginOptions, io: CliIO): Promise<PluginDetails> {
  const { registry } = await createContext(options, io);
  const d = details(options.key, findPlugin(registry, options.key));
  if (options.json) {
    io.stdout.write(`${JSON.stringify(d)}\n`);
    return d;
  }
  const facts = Object.entries(d.facts).map(([name, value]) => `  ${name}: ${value}`);
  const params = d.params.length
    ? [
        `  ${d.kind === 'dataset' ? 'options' : 'parameters'} (${FLAG[d.kind]} name=value):`,
        formatTable(
          ['name', 'type', 'default', 'allowed', 'description'],
          d.params.map((p) => [p.name, p.type, showDefault(p.default), p.range, p.description ?? '']),
          { indent: 4 },
        ),
      ]
    : [`  ${d.kind === 'dataset' ? 'options' : 'parameters'}: none`];
  io.stdout.write(`${[`${d.key} (${d.kind}, ${d.package}@${d.version})`, ...(d.description ? [`  ${d.description}`] : []), ...facts, ...params].join('\n')}\n`);
  return d;
}
