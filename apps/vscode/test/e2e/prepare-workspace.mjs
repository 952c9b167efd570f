// Creates the workspace the end-to-end scenarios open: data files, the example plugin installed in the workspace's
// node_modules as a user would install it (its package.json and dist/, with its peer dependencies linked from the
// monorepo), a module that does not fit the plugin contract, and .vscode/settings.json listing both in
// latentkit.plugins.
// Usage: node prepare-workspace.mjs <workspace folder>
import { copyFileSync, cpSync, existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(here, '..', '..');
const root = resolve(app, '..', '..');
const ws = resolve(process.argv[2] ?? '');
if (!process.argv[2]) throw new Error('usage: node prepare-workspace.mjs <workspace folder>');
mkdirSync(ws, { recursive: true });

// Data: bundled CSVs, a copy of faithful for the cancelled run, 8 × 8 images for the deep model, and a small
// document-term count matrix with its vocabulary for the topic model.
const data = join(root, 'packages', 'datasets', 'data');
copyFileSync(join(data, 'faithful.csv'), join(ws, 'faithful.csv'));
copyFileSync(join(data, 'iris.csv'), join(ws, 'iris.csv'));
copyFileSync(join(data, 'faithful.csv'), join(ws, 'long-run.csv'));
copyFileSync(join(data, 'wine.csv'), join(ws, 'wine.csv'));
writeFileSync(join(ws, 'bars.csv'), barsCsv(600, 7));
const docs = topicCorpus(200, 11);
writeFileSync(join(ws, 'docs.mtx'), docs.mtx);
writeFileSync(join(ws, 'docs.vocab'), docs.vocab);
// A binary CSV from the two-layer Deep Discrete Encoder simulation (K = 6, 2; J = 18; N = 500) for the dde scenario,
// drawn by @latentkit/datasets' own generator (built by run.sh).
const datasetsDist = join(root, 'packages', 'datasets', 'dist', 'index.js');
if (!existsSync(datasetsDist)) throw new Error(`${datasetsDist} is missing: build @latentkit/datasets first`);
const { contrastiveSim, ddeTwoLayer } = await import(pathToFileURL(datasetsDist).href);
writeFileSync(join(ws, 'dde-binary.csv'), denseCsv(ddeTwoLayer({ n: 500, likelihood: 'bernoulli', seed: 12 }).data));
// Background and target rows (150 each, 6 features) of datasets/contrastive-sim with their group in the text column
// `condition`, for the cvae scenario.
writeFileSync(join(ws, 'contrastive.csv'), groupedCsv(contrastiveSim({ nBackground: 150, nTarget: 150, dx: 6, seed: 5 }).data, 'condition'));

// The example plugin, installed into the workspace as a package; its peers are linked from the monorepo.
const example = join(root, 'examples', 'latentkit-plugin-example');
if (!existsSync(join(example, 'dist', 'index.js'))) throw new Error(`${example}/dist/index.js is missing: build the example plugin first`);
const installed = join(ws, 'node_modules', 'latentkit-plugin-example');
mkdirSync(installed, { recursive: true });
copyFileSync(join(example, 'package.json'), join(installed, 'package.json'));
cpSync(join(example, 'dist'), join(installed, 'dist'), { recursive: true });
const link = (name, target) => {
  const at = join(ws, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
};
link('@latentkit/core', join(root, 'packages', 'core'));
link('@latentkit/registry', join(root, 'packages', 'registry'));
link('@latentkit/inference', join(root, 'packages', 'inference'));
const require = createRequire(join(root, 'packages', 'core', 'package.json'));
link('@tensorflow/tfjs-core', realpathSync(dirname(require.resolve('@tensorflow/tfjs-core/package.json'))));

// A module that does not fit the contract: the extension must say so and carry on.
mkdirSync(join(ws, 'plugins'), { recursive: true });
writeFileSync(
  join(ws, 'plugins', 'broken-plugin.mjs'),
  `// A model plugin without create/load and without engines: rejected by the registry contract check.
export default {
  kind: 'model',
  meta: { id: 'broken', namespace: 'example', name: 'broken-plugin', version: '0.0.1', apiVersion: 1 },
  params: {},
  defaults: {},
  data: { kind: 'dense' },
  supports: [],
};
`,
);

mkdirSync(join(ws, '.vscode'), { recursive: true });
writeFileSync(
  join(ws, '.vscode', 'settings.json'),
  `${JSON.stringify({ 'latentkit.plugins': ['latentkit-plugin-example', './plugins/broken-plugin.mjs'] }, null, 2)}\n`,
);
console.log(`workspace ready: ${ws}`);

/** A dense dataset's columns and values as CSV (no split column: every row is fitted). */
function denseCsv(data) {
  const lines = [data.columns.join(',')];
  for (let i = 0; i < data.nRows; i++) lines.push(Array.from(data.values.subarray(i * data.nCols, (i + 1) * data.nCols)).join(','));
  return `${lines.join('\n')}\n`;
}

/** A dense dataset with row groups as CSV: its columns, then the group of each row in the text column `name`. */
function groupedCsv(data, name) {
  const lines = [[...data.columns, name].join(',')];
  for (let i = 0; i < data.nRows; i++)
    lines.push([...Array.from(data.values.subarray(i * data.nCols, (i + 1) * data.nCols), (v) => v.toFixed(6)), data.groups.values[i]].join(','));
  return `${lines.join('\n')}\n`;
}

/** A seeded uniform generator on [0, 1) (mulberry32). */
function generator(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` documents from 3 topics over a 30-word vocabulary (topic k puts 95% of its mass on its own 10 words, named
 * after the topic: sky/sea/city words): each document mixes one or two topics and has 40 words. Matrix Market
 * coordinate format, documents × terms, with the vocabulary one term per line.
 */
function topicCorpus(n, seed) {
  const uniform = generator(seed);
  const themes = [
    ['cloud', 'rain', 'wind', 'storm', 'sun', 'sky', 'snow', 'fog', 'thunder', 'breeze'],
    ['wave', 'tide', 'fish', 'boat', 'shore', 'sail', 'reef', 'salt', 'harbour', 'current'],
    ['street', 'tram', 'tower', 'market', 'bridge', 'square', 'traffic', 'cafe', 'metro', 'avenue'],
  ];
  const vocab = themes.flat();
  const entries = [];
  for (let d = 0; d < n; d++) {
    const a = Math.floor(uniform() * 3);
    const b = uniform() < 0.5 ? a : Math.floor(uniform() * 3);
    const counts = new Map();
    for (let w = 0; w < 40; w++) {
      const topic = uniform() < 0.5 ? a : b;
      const term = uniform() < 0.95 ? topic * 10 + Math.floor(uniform() * 10) : Math.floor(uniform() * 30);
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    for (const [term, c] of [...counts].sort((x, y) => x[0] - y[0])) entries.push(`${d + 1} ${term + 1} ${c}`);
  }
  return {
    mtx: `%%MatrixMarket matrix coordinate integer general\n${n} ${vocab.length} ${entries.length}\n${entries.join('\n')}\n`,
    vocab: `${vocab.join('\n')}\n`,
  };
}

/**
 * `n` 8 × 8 grey images of bars: each shows one horizontal and one vertical bar (of 8 each) at intensity 0.9 on a
 * background of 0.05, plus N(0, 0.05²) noise clipped to [0, 1]; the label `bars` names the horizontal bar. Seeded, so every run
 * sees the same file.
 */
function barsCsv(n, seed) {
  const uniform = generator(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const header = [...Array.from({ length: 64 }, (_, j) => `p${j}`), 'bars'];
  const lines = [header.join(',')];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(uniform() * 8);
    const col = Math.floor(uniform() * 8);
    const px = [];
    for (let r = 0; r < 8; r++)
      for (let c = 0; c < 8; c++) {
        const v = (r === row || c === col ? 0.9 : 0.05) + 0.05 * normal();
        px.push(Math.min(1, Math.max(0, v)).toFixed(3));
      }
    lines.push([...px, `h${row}`].join(','));
  }
  return `${lines.join('\n')}\n`;
}
