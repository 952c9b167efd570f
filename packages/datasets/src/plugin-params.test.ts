import { createRegistry, pluginKey, type DatasetPlugin } from '@latentkit/registry';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SOTU_DEFAULTS } from './plugin-params.js';
import {
  contrastiveSimPlugin,
  datasetPlugins,
  ddeDeepNormalPlugin,
  ddeSelectKPlugin,
  ddeTwoLayerPlugin,
  ldaCorpusPlugin,
  sparseVaeSimPlugin,
  syntheticGmm,
} from './plugins.js';
import { countMatrix } from './text/count-matrix.js';

const registry = createRegistry().register(...datasetPlugins);

/** Small options for each generator, and for every option it declares a value other than the small one. */
const GENERATORS: readonly [DatasetPlugin, Record<string, unknown>, Record<string, unknown>][] = [
  [syntheticGmm, { n: 30 }, { n: 31, d: 3, k: 2, separation: 1, seed: 1 }],
  [sparseVaeSimPlugin, { n: 30 }, { n: 31, rho: 0.5, noise: 0.1, seed: 1 }],
  [ddeTwoLayerPlugin, { n: 30 }, { n: 31, likelihood: 'poisson', k2: 4, seed: 1 }],
  [ddeDeepNormalPlugin, { n: 30 }, { n: 31, depth: 2, seed: 1 }],
  [ddeSelectKPlugin, { n: 30 }, { n: 31, seed: 1 }],
  // With the mixture prior and two target groups, so that components, separation and salient change the data too.
  [
    contrastiveSimPlugin,
    { nBackground: 10, nTarget: 10, targetGroups: 2, prior: 'mixture' },
    {
      nBackground: 11,
      nTarget: 11,
      targetGroups: 3,
      salient: 'shared',
      dz: 1,
      dt: 1,
      dx: 3,
      hidden: 4,
      noise: 0.5,
      prior: 'gaussian',
      components: 2,
      separation: 1,
      seed: 1,
    },
  ],
  [ldaCorpusPlugin, { nDocs: 10, vocabSize: 30 }, { nDocs: 11, vocabSize: 31, nTopics: 2, docLength: 20, alpha: 0.5, eta: 0.1, seed: 1 }],
];

describe('dataset plugin params', () => {
  it.each(datasetPlugins.map((p) => [pluginKey(p), p] as const))('%s declares its options, and the registry takes its defaults', (key, plugin) => {
    expect(Object.keys(plugin.params ?? {}).length).toBeGreaterThan(0);
    expect(registry.validateDatasetOptions(key)).toEqual(plugin.defaults ?? {});
  });

  it.each(datasetPlugins.map((p) => [pluginKey(p), p] as const))('%s names the same defaults in its option descriptions', (_key, plugin) => {
    for (const [name, value] of Object.entries(plugin.defaults ?? {})) {
      const said = /\bdefault ([^);,]+)/.exec(plugin.params![name]?.description ?? '')?.[1];
      if (said !== undefined) expect(`${name}: ${said.replace(/^'(.*)'$/, '$1')}`).toBe(`${name}: ${String(value)}`);
    }
  });

  // A generator keeps its own defaults (`const { n = 1000 } = options`): loading with none and with `defaults` must agree.
  it.each(GENERATORS.map(([p]) => [pluginKey(p), p] as const))('%s loads the same data with no options and with its defaults', async (_key, plugin) => {
    expect(await plugin.load({ ...plugin.defaults })).toEqual(await plugin.load());
  });

  // A misspelt option name would be ignored by the generator: each declared option must change the data.
  it.each(GENERATORS.map(([p, small, other]) => [pluginKey(p), p, small, other] as const))(
    '%s reads every option it declares',
    async (_key, plugin, small, other) => {
      expect(Object.keys(other)).toEqual(Object.keys(plugin.params!));
      const base = await plugin.load(small);
      for (const [name, value] of Object.entries(other)) {
        const changed = await plugin.load({ ...small, [name]: value });
        expect(changed, name).not.toEqual(base);
      }
    },
  );

  it("gives datasets/sotu the defaults of countMatrix (CountVectorizer's minDf, maxDf, lowercase)", () => {
    // The j-th term (upper case) is in the first j of 20 documents, so any other minDf, maxDf or case changes the vocabulary.
    const term = (j: number) => `T${'abcdefghijklmnopqrst'[j - 1]}x`;
    const docs = Array.from({ length: 20 }, (_, i) => Array.from({ length: 20 - i }, (_, j) => term(i + j + 1)).join(' '));
    const plain = countMatrix(docs, { stopWords: [] });
    expect(countMatrix(docs, { ...SOTU_DEFAULTS, stopWords: [] })).toEqual(plain);
    expect(plain.vocabulary).toEqual([5, 6, 7, 8, 9, 10].map((j) => term(j).toLowerCase()));
  });

  it('matches the dataset table of the README\'s "Using the CLI"', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `datasets\/([^|]*)\| (.*) \|$/gm)];
    const table = rows.flatMap(([, keys, options]) => {
      let names = options;
      while (/\([^()]*\)/.test(names)) names = names.replace(/\([^()]*\)/g, '');
      const ids = [...`\`${keys}`.matchAll(/`([a-z0-9-]+)`/g)].map((m) => `datasets/${m[1]}`);
      return ids.map((key) => [key, [...names.matchAll(/`(\w+)`/g)].map((m) => m[1])] as const);
    });
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(datasetPlugins.map((p) => [pluginKey(p), Object.keys(p.params!)])));
  });
});
