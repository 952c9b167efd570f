import pkg from '../package.json' with { type: 'json' };

/** Package identity of this plugin, read from package.json so that `meta` always matches it. */
export const meta = { name: pkg.name, version: pkg.version } as const;
