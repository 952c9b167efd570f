import { firstLine } from '@latentkit/core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from './contract.js';
import { contractProblems } from './registry.js';

const CONDITIONS = ['import', 'node', 'default'];

const isPath = (s: string): boolean => isAbsolute(s) || s === '.' || s === '..' || s.startsWith('./') || s.startsWith('../');

/**
 * Resolve a plugin module specifier as if imported from a file in `cwd` (the workspace folder) and return a file
 * URL for `import()`. Paths are taken relative to `cwd`; a folder resolves through its package.json (`exports`, then
 * `main`); package names go through Node's resolution from `cwd`, falling back to the `import`/`node`/`default`
 * conditions of `exports` for ESM-only packages. The URL carries the file's modification time, so that an edited
 * plugin is imported afresh when the registry is rebuilt.
 * @example
 * ```ts
 * await import(resolvePluginModule('latentkit-plugin-example', '/work/my-project'));
 * ```
 */
export function resolvePluginModule(specifier: string, cwd: string): string {
  if (specifier.startsWith('file:')) return specifier;
  const file = resolveFile(specifier, cwd);
  const url = pathToFileURL(file);
  url.search = `mtime=${Math.round(statSync(file).mtimeMs)}`;
  return url.href;
}

function resolveFile(specifier: string, cwd: string): string {
  if (isPath(specifier)) {
    const target = resolve(cwd, specifier);
    if (existsSync(target) && statSync(target).isDirectory()) {
      const entry = packageEntry(target);
      if (entry) return entry;
    }
  }
  const require = createRequire(join(cwd, '/'));
  try {
    return require.resolve(specifier);
  } catch (e) {
    if (isPath(specifier)) {
      const target = resolve(cwd, specifier);
      if (existsSync(target) && statSync(target).isFile()) return target;
      throw e;
    }
    if ((e as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e;
    const viaExports = resolveEsmExports(specifier, cwd);
    if (!viaExports) throw e;
    return viaExports;
  }
}

/** The entry file of the package in `dir`: its `exports` for `.`, else `main`, else `index.js`. */
function packageEntry(dir: string): string | undefined {
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: unknown; main?: string };
  const entry = pickExport(pkg.exports, '.') ?? pkg.main ?? 'index.js';
  const file = join(dir, entry);
  return existsSync(file) ? file : undefined;
}

function resolveEsmExports(specifier: string, cwd: string): string | undefined {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.';
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    const pkgFile = join(pkgDir, 'package.json');
    if (existsSync(pkgFile)) {
      const entry = pickExport((JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: unknown }).exports, subpath);
      return entry ? join(pkgDir, entry) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function pickExport(field: unknown, subpath: string): string | undefined {
  if (typeof field === 'string') return subpath === '.' ? field : undefined;
  if (!field || typeof field !== 'object') return undefined;
  const record = field as Record<string, unknown>;
  const target = Object.keys(record).some((k) => k.startsWith('.')) ? record[subpath] : subpath === '.' ? record : undefined;
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

/**
 * Import a plugin module (resolved from `cwd` by {@link resolvePluginModule}) and return its plugins: the default
 * export, nested `default`s unwrapped, may be one plugin, an array of plugins, or a preset `{ plugins: [...] }`.
 * Each is checked against the contract. Used by the CLI (`--plugin`) and the VS Code extension (`latentkit.plugins`).
 * @param load How to import the resolved URL (bundled apps pass their own dynamic import).
 * @throws Error naming the module, with the original error as `cause`.
 */
export async function loadPluginModule(specifier: string, cwd: string, load: (url: string) => Promise<unknown> = (url) => import(url)): Promise<Plugin[]> {
  let mod: unknown;
  try {
    mod = await load(resolvePluginModule(specifier, cwd));
  } catch (e) {
    throw new Error(`cannot load plugin module '${specifier}' (from ${cwd}): ${firstLine(e)}`, { cause: e });
  }
  const value = unwrapDefault(mod);
  if (value === undefined || value === null) {
    throw new Error(`plugin module '${specifier}' has no default export; it must default-export a plugin, an array of plugins, or { plugins: [...] }`);
  }
  const list: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'object' && Array.isArray((value as { plugins?: unknown }).plugins) && !('kind' in value)
      ? (value as { plugins: unknown[] }).plugins
      : [value];
  if (list.length === 0) throw new Error(`plugin module '${specifier}' exports no plugins`);
  list.forEach((plugin, i) => {
    const problems = contractProblems(plugin);
    if (problems.length > 0) {
      const which = list.length > 1 ? `plugin ${i + 1} of its default export` : 'its default export';
      throw new Error(`plugin module '${specifier}': ${which} does not fit the latentkit plugin contract: ${problems.join('; ')}`);
    }
  });
  return list as Plugin[];
}

function unwrapDefault(mod: unknown): unknown {
  let value = (mod as { default?: unknown } | undefined)?.default;
  for (let depth = 0; depth < 4 && value && typeof value === 'object' && !('kind' in value) && 'default' in value; depth++) {
    value = (value as { default: unknown }).default;
  }
  return value;
}
