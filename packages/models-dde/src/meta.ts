import pkg from '../package.json' with { type: 'json' };

/** Package identity shared by this package's plugins. */
export const meta = { name: pkg.name, version: pkg.version } as const;
