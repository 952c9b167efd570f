import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CONDITIONS = ['import', 'node', 'default'];

/**
 * Resolve a module specifier as if imported from a file in `cwd`, returning a URL for `import()`.
 *
 * Paths (`./plugin.js`, `/abs/plugin.mjs`) are taken relative to `cwd`; package names go through Node's
 * resolution from `cwd` (`createRequire(cwd + '/')`). ESM-only packages whose `exports` offer no `require`
 * condition are resolved with the `import`, `node` and `default` conditions.
 * @example
 * ```ts
 * const url = resolveModule('latentkit-plugin-foo', process.cwd());
 * const mod = await import(url);
 * ```
 */
export function resolveModule(specifier: string, cwd: string): string {
  if (specifier.startsWith('file:')) return specifier;
  const require = createRequire(join(cwd, '/'));
  try {
    return pathToFileURL(require.resolve(specifier)).href;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isPath(specifier)) {
      const file = resolve(cwd, specifier);
      if (existsSync(file)) return pathToFileURL(file).href;
      throw e;
    }
    if (code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e;
    const viaExports = resolveEsmExports(specifier, cwd);
    if (!viaExports) throw e;
    return pathToFileURL(viaExports).href;
  }
}

const isPath = (s: string): boolean => isAbsolute(s) || s === '.' || s === '..' || s.startsWith('./') || s.startsWith('../');

function resolveEsmExports(specifier: string, cwd: string): string | undefined {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.';
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    const pkgFile = join(pkgDir, 'package.json');
    if (existsSync(pkgFile)) {
      const exportsField = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: unknown }).exports;
      const entry = pickExport(exportsField, subpath);
      return entry ? join(pkgDir, entry) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function pickExport(field: unknown, subpath: string): string | undefined {
  if (typeof field === 'string') return subpath === '.' ? field : undefined;
  if (!field || typeof field !== 'object') return undefined;
  const record = field as Record<string, unknown>;
  const keys = Object.keys(record);
  const target = keys.some((k) => k.startsWith('.')) ? record[subpath] : subpath === '.' ? record : undefined;
  return pickCondition(target);
}

function pickCondition(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const hit = pickCondition(t);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!target || typeof target !== 'object') return undefined;
  for (const [condition, value] of Object.entries(target as Record<string, unknown>)) {
    if (!CONDITIONS.includes(condition)) continue;
    const hit = pickCondition(value);
    if (hit) return hit;
  }
  return undefined;
}
