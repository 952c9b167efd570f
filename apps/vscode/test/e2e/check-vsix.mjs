// Checks the packaged extension that the end-to-end run installs (run.sh, after `code-server --install-extension`):
// the .vsix is within its size budget, and the folder code-server unpacked it into holds what the marketplace and the
// extension need (manifest, README whose images point at the repository, CHANGELOG, icon, walkthrough pages, bundles,
// wasm binaries, sample data) and nothing of the development tree (source maps, sources, node_modules).
// Usage: node check-vsix.mjs <file.vsix> <installed extension folder>; one line per problem, exit 1 on any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Size budget of the .vsix: 2 MiB (measured 2026-12-07: 1.45 MiB, mostly the three tfjs wasm binaries and the vega bundle; 1.66 MiB with dist/pool-worker.cjs). */
const BUDGET_BYTES = 2 * 1024 * 1024;
const mib = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

const [vsix, installed] = process.argv.slice(2);
if (!vsix || !installed) {
  console.error('usage: node check-vsix.mjs <file.vsix> <installed extension folder>');
  process.exit(2);
}
const app = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const problems = [];

const size = statSync(vsix).size;
if (size > BUDGET_BYTES) problems.push(`${vsix} is ${mib(size)}, over its budget of ${mib(BUDGET_BYTES)}`);

const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
const steps = (manifest.contributes?.walkthroughs ?? []).flatMap((w) => w.steps);
// vsce packs README.md, CHANGELOG.md and LICENSE as readme.md, changelog.md and LICENSE.txt.
const top = readdirSync(installed);
const named = (name) => top.find((f) => f.toLowerCase() === name.toLowerCase()) ?? name;
const required = [
  named('README.md'),
  named('CHANGELOG.md'),
  named('LICENSE.txt'),
  manifest.main,
  manifest.icon,
  ...steps.flatMap((s) =>
    Object.entries(s.media ?? {})
      .filter(([k]) => k !== 'altText')
      .map(([, v]) => v),
  ),
  'dist/worker.cjs',
  'dist/pool-worker.cjs',
  'dist/webview/latent-preview.js',
  'dist/webview/train-form.js',
  'dist/wasm/tfjs-backend-wasm-simd.wasm',
  'dist/sample/old-faithful.csv',
];
for (const file of required) {
  if (!file) problems.push('package.json lacks main or icon');
  else if (!existsSync(join(installed, file))) problems.push(`the installed extension has no ${file}`);
}

const files = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(installed, join(e.parentPath, e.name)));
const extra = files(installed).filter((f) => f.endsWith('.map') || /^(src|webview|test|node_modules|scripts)\//.test(f) || f.startsWith('media/readme/'));
if (extra.length) problems.push(`the .vsix packs files of the development tree: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}`);

// vsce rewrites the README's relative image links to the repository (package.json "vsce.baseImagesUrl").
const base = manifest.vsce?.baseImagesUrl;
const readme = existsSync(join(installed, named('README.md'))) ? readFileSync(join(installed, named('README.md')), 'utf8') : '';
for (const [, src] of readme.matchAll(/!\[[^\]]*\]\(\s*([^)\s]+)/g)) {
  if (!base || !src.startsWith(`${base}/`)) problems.push(`the packed README shows ${src}, not an image of ${base ?? '(no vsce.baseImagesUrl)'}`);
  else if (!existsSync(join(app, src.slice(base.length + 1))))
    problems.push(`the packed README shows ${src}, and apps/vscode has no ${src.slice(base.length + 1)}`);
}

for (const p of problems) console.error(p);
if (problems.length) process.exit(1);
console.log(`${vsix}: ${mib(size)} (budget ${mib(BUDGET_BYTES)}), ${files(installed).length} files installed`);
