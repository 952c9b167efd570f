import pkg from '../package.json' with { type: 'json' };

/** Version of the latentkit command, from its package.json. */
export const VERSION: string = pkg.version;
