// Bundles src/ into one ESM file, dist/index.js. The peer dependencies (@latentkit/core, @latentkit/registry,
// @tensorflow/tfjs-core) stay imports, so the plugin shares the host's registry contract and tfjs engine.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
await build({
  entryPoints: [join(here, 'src', 'index.ts')],
  outfile: join(here, 'dist', 'index.js'),
  bundle: true,
  platform: 'neutral',
  format: 'esm',
  target: 'es2022',
  external: Object.keys(pkg.peerDependencies),
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log('built dist/index.js');
