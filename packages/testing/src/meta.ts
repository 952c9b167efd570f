import pkg from '../package.json' with { type: 'json' };

/** Package identity of `@latentkit/testing`, used by its reference plugin. */
export const meta = { name: pkg.name, version: pkg.version } as const;
