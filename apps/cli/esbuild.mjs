// Bundles the latentkit command into one ESM file, dist/cli.js, with the workspace libraries inlined from source.
// The tfjs packages stay external (bare names only) so that the wasm backend finds its .wasm binaries in node_modules
// and there is one tfjs engine; deep imports such as tfjs-core's extensionless `dist/register_all_gradients` cannot be
// loaded by plain Node and are inlined, as the library build does (their registries live on tfjs's global namespace).
// vega and vega-lite stay external (CommonJS, loaded lazily by the report commands).
// Files that libraries locate with `new URL('../data/x.csv', import.meta.url)` (the bundled data sets) are copied
// to dist/assets/ and the URLs rewritten, as Vite and webpack do for that pattern.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dist = join(here, 'dist');
const outfile = join(dist, 'cli.js');

const ASSET_URL = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;
const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

/** Keep `@tensorflow/<package>` external but bundle deep imports into those packages. */
const bareTfjsExternal = {
  name: 'bare-tfjs-external',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/[^/]+$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** Copy `new URL(relative, import.meta.url)` assets of workspace sources next to the bundle and point the URLs there. */
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

rmSync(join(dist, 'assets'), { recursive: true, force: true });
await build({
  entryPoints: [join(here, 'src', 'cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@latentkit/source'],
  external: ['vega', 'vega-lite', 'canvas'],
  mainFields: ['module', 'main'],
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __latentkitCreateRequire } from 'module';",
      'const require = __latentkitCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  plugins: [bareTfjsExternal, assetUrls],
  sourcemap: 'linked',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
console.log(`built ${relative(process.cwd(), outfile) || outfile}`);
