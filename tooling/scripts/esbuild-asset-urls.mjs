// The esbuild plugin shared by the bundled apps (apps/cli, apps/vscode): files that workspace libraries locate with
// `new URL('../data/x.csv', import.meta.url)` (the bundled data sets) are copied to <dist>/assets/ and the URLs
// rewritten to point there, as Vite and webpack do for that pattern.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';

const ASSET_URL = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;
const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

/**
 * An esbuild plugin that copies the `new URL(relative, import.meta.url)` assets of the sources under `root` (not
 * node_modules) to `<dist>/assets/<path below root/packages>` and rewrites each URL relative to the bundle in `dist`.
 * @param {{ root: string, dist: string }} options The repository root and the bundle's output folder.
 * @returns {import('esbuild').Plugin}
 */
export function assetUrls({ root, dist }) {
  return {
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
}
