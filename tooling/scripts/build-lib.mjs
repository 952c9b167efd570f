#!/usr/bin/env node
// Builds one library package: esbuild transpiles every source file to ESM (bundle: false),
// tsc emits the type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const pkgDir = process.cwd();
const src = join(pkgDir, 'src');
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.test-d.ts') && !f.endsWith('.d.ts');
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : isSource(p) ? [p] : [];
  });

rmSync(join(pkgDir, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: walk(src),
  outdir: join(pkgDir, 'dist'),
  outbase: src,
  bundle: false,
  format: 'esm',
  platform: 'neutral',
  target: 'node20',
  // Keep `import … with { type: 'json' }` (Node ≥ 20.10); esbuild's node20 target would strip the attribute.
  supported: { 'import-attributes': true },
  sourcemap: true,
  logLevel: 'warning',
});

// Files listed in package.json `latentkit.bundle` are rebuilt with their dependencies inlined, keeping only the
// bare tfjs package names external (one shared engine); used for tfjs-core's extensionless ESM deep imports.
const bundled = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).latentkit?.bundle ?? [];
const bareTfjsExternal = {
  name: 'bare-tfjs-external',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/[^/]+$/ }, (args) => ({ path: args.path, external: true }));
  },
};
for (const entry of bundled) {
  await build({
    entryPoints: [join(pkgDir, entry)],
    outfile: join(pkgDir, 'dist', relative(src, join(pkgDir, entry)).replace(/\.ts$/, '.js')),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'node20',
    plugins: [bareTfjsExternal],
    logLevel: 'warning',
  });
}
execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
  cwd: pkgDir,
});
console.log(`built ${relative(process.cwd(), pkgDir) || '.'}`);
