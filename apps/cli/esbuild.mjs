// Bundles the latentkit command into one ESM file, dist/cli.js, with the workspace libraries inlined from source.
// The tfjs packages stay external (bare names only) so that the wasm backend finds its .wasm binaries in node_modules
// and there is one tfjs engine; deep imports such as tfjs-core's extensionless `dist/register_all_gradients` cannot be
// loaded by plain Node and are inlined, as the library build does (their registries live on tfjs's global namespace).
// vega and vega-lite stay external (CommonJS, loaded lazily by the report commands), and so does h5wasm (4 MB with its
// wasm inlined, loaded lazily by @latentkit/anndata when an .h5ad file is read).
// Files that libraries locate with `new URL('../data/x.csv', import.meta.url)` (the bundled data sets) are copied
// to dist/assets/ and the URLs rewritten, by the plugin shared with the extension (tooling/scripts/esbuild-asset-urls.mjs).
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetUrls } from '../../tooling/scripts/esbuild-asset-urls.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dist = join(here, 'dist');
const outfile = join(dist, 'cli.js');

/** Keep `@tensorflow/<package>` external but bundle deep imports into those packages. */
const bareTfjsExternal = {
  name: 'bare-tfjs-external',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/[^/]+$/ }, (args) => ({ path: args.path, external: true }));
  },
};

rmSync(join(dist, 'assets'), { recursive: true, force: true });
const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@latentkit/source'],
  external: ['vega', 'vega-lite', 'canvas', 'h5wasm'],
  mainFields: ['module', 'main'],
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __latentkitCreateRequire } from 'module';",
      'const require = __latentkitCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  plugins: [bareTfjsExternal, assetUrls({ root, dist })],
  sourcemap: 'linked',
  logLevel: 'warning',
};
// The CLI, and the block-pool worker entry next to it (dist/worker.js, with the built-in kernels inlined).
await Promise.all([
  build({ ...shared, entryPoints: [join(here, 'src', 'cli.ts')], outfile }),
  build({
    ...shared,
    entryPoints: [join(here, 'src', 'worker.ts')],
    outfile: join(dist, 'worker.js'),
    banner: { js: shared.banner.js.replace('#!/usr/bin/env node\n', '') },
  }),
]);
chmodSync(outfile, 0o755);
console.log(`built ${relative(process.cwd(), outfile) || outfile}`);
