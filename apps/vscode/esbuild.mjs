// Builds the extension into dist/ (see README.md, "How it is built"):
// - dist/extension.cjs: the extension host entry (node, CommonJS, `vscode` external);
// - dist/worker.cjs: the training worker (a worker thread), with tfjs-core and its wasm and cpu backends bundled in;
// - dist/wasm/*.wasm: the wasm backend's binaries, found through `initBackend({ wasmPaths })` at run time;
// - dist/webview/*.{js,css}: the two webviews (browser, IIFE), the latent preview with vega-embed.
// Workspace libraries are inlined from source (`@latentkit/source`). Everything else is bundled too, so the folder
// (and the .vsix) needs no node_modules. `import.meta.url` of bundled ESM sources becomes the bundle's file URL, and
// files located with `new URL('../data/x', import.meta.url)` are copied to dist/assets/ as the CLI's build does.
// `--production` minifies; otherwise there are linked source maps.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dist = join(here, 'dist');
const production = process.argv.includes('--production');
const require = createRequire(import.meta.url);

const ASSET_URL = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;
const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

/** Copy `new URL(relative, import.meta.url)` assets of workspace sources to dist/assets/ and point the URLs there. */
const assetUrls = {
  name: 'asset-urls',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`) || !args.path.startsWith(root)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      let changed = false;
      const contents = text.replace(ASSET_URL, (match, _quote, rel) => {
        const asset = resolve(dirname(args.path), rel);
        if (!existsSync(asset) || !statSync(asset).isFile()) return match;
        const target = join(dist, 'assets', relative(join(root, 'packages'), asset));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(asset, target);
        changed = true;
        return `new URL(${JSON.stringify(`./${relative(dist, target).split(sep).join('/')}`)}, import.meta.url)`;
      });
      return changed ? { contents, loader: LOADERS[extname(args.path)] ?? 'ts', resolveDir: dirname(args.path) } : undefined;
    });
  },
};

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
  plugins: [assetUrls],
};

rmSync(dist, { recursive: true, force: true });
await Promise.all([
  build({ ...node, entryPoints: [join(here, 'src', 'extension.ts')], outfile: join(dist, 'extension.cjs') }),
  build({ ...node, entryPoints: [join(here, 'src', 'training', 'worker.ts')], outfile: join(dist, 'worker.cjs') }),
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

const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
mkdirSync(join(dist, 'wasm'), { recursive: true });
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDir, f), join(dist, 'wasm', f));

console.log(`built ${relative(process.cwd(), dist) || dist} (${production ? 'production' : 'development'})`);
