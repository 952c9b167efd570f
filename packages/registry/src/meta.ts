import pkg from '../package.json' with { type: 'json' };

/** This package's identity, recorded in saved models' provenance. */
export const meta = { name: pkg.name, version: pkg.version } as const;
