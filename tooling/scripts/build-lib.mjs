#!/usr/bin/env node
// Builds one library package: esbuild transpiles every source file to ESM (bundle: false),
// tsc emits the type declarations.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const pkgDir = process.cwd();
const src = join(pkgDir, 'src');
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.test-d.ts') && !f.endsWith('.d.ts');
const walk = (dir) => readdirSync(dir).flatMap((name) => {
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
  sourcemap: true,
  logLevel: 'warning',
});
const tsc = join(pkgDir, 'node_modules', '.bin', 'tsc');
execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: pkgDir });
console.log(`built ${relative(process.cwd(), pkgDir) || '.'}`);
