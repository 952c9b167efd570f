// Builds the extension into dist/ (see README.md, "How it is built"):
// - dist/extension.cjs: the extension host entry (node, CommonJS, `vscode` external);
// - dist/worker.cjs: the training worker (a worker thread), with tfjs-core and its wasm and cpu backends bundled in;
// - dist/pool-worker.cjs: the block-pool workers of a fit (`latentkit.threads`), with the built-in kernels and backends;
// - dist/wasm/*.wasm: the wasm backend's binaries, found through `initBackend({ wasmPaths })` at run time;
// - dist/webview/*.{js,css}: the two webviews (browser, IIFE), the latent preview with vega-embed;
// - dist/sample/old-faithful.csv: the sample data that Open Sample Data copies into the workspace.
// Workspace libraries are inlined from source (`@latentkit/source`). Everything else is bundled too, so the folder
// (and the .vsix) needs no node_modules. `import.meta.url` of bundled ESM sources becomes the bundle's file URL, and
// files located with `new URL('../data/x', import.meta.url)` are copied to dist/assets/ by the plugin shared with the
// CLI's build (tooling/scripts/esbuild-asset-urls.mjs).
// `--production` minifies; otherwise there are linked source maps.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetUrls } from '../../tooling/scripts/esbuild-asset-urls.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dist = join(here, 'dist');
const production = process.argv.includes('--production');
const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  conditions: ['@latentkit/source'],
  // ESM builds of tfjs, so that tfjs-core and the deep import `dist/register_all_gradients` share one copy.
  mainFields: ['module', 'main'],
  external: ['vscode'],
  define: { 'import.meta.url': '__latentkitImportMetaUrl' },
  banner: { js: "const __latentkitImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  plugins: [assetUrls({ root, dist })],
};

rmSync(dist, { recursive: true, force: true });
await Promise.all([
  build({ ...node, entryPoints: [join(here, 'src', 'extension.ts')], outfile: join(dist, 'extension.cjs') }),
  build({ ...node, entryPoints: [join(here, 'src', 'training', 'worker.ts')], outfile: join(dist, 'worker.cjs') }),
  build({ ...node, entryPoints: [join(here, 'src', 'training', 'pool-worker.ts')], outfile: join(dist, 'pool-worker.cjs') }),
  ...['latent-preview', 'train-form'].map((name) =>
    build({
      ...common,
      platform: 'browser',
      format: 'iife',
      conditions: ['@latentkit/source'],
      target: 'es2022',
      entryPoints: { [name]: join(here, 'webview', name, 'main.ts') },
      outdir: join(dist, 'webview'),
    }),
  ),
]);

for (const name of ['latent-preview', 'train-form']) copyFileSync(join(here, 'webview', name, 'styles.css'), join(dist, 'webview', `${name}.css`));

// The sample data of Open Sample Data (the walkthrough's first step): Old Faithful from @latentkit/datasets.
mkdirSync(join(dist, 'sample'), { recursive: true });
copyFileSync(join(root, 'packages', 'datasets', 'data', 'faithful.csv'), join(dist, 'sample', 'old-faithful.csv'));

const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
mkdirSync(join(dist, 'wasm'), { recursive: true });
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDir, f), join(dist, 'wasm', f));

console.log(`built ${relative(process.cwd(), dist) || dist} (${production ? 'production' : 'development'})`);
