import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root: string = fileURLToPath(new URL('../../..', import.meta.url));

/** A published package: its folder under packages/ and its package.json. */
export interface PublishedPackage {
  readonly dir: string;
  readonly manifest: Record<string, any>;
}

/** Every package of packages/* that is not private, i.e. every package `pnpm publish -r` publishes. */
export function publishedPackages(): PublishedPackage[] {
  return readdirSync(join(root, 'packages'))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
    .filter((p) => !p.manifest.private);
}
