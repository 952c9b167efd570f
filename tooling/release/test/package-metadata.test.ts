import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, root } from './published-packages.js';

const packages = publishedPackages();

/** The first fenced block of `lang` in a markdown text, or undefined. */
function fenced(markdown: string, lang: string): string | undefined {
  return new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(markdown)?.[1];
}

describe('published packages', () => {
  it('are the fourteen libraries of packages/*', () => {
    expect(packages.map((p) => p.manifest.name)).toHaveLength(14);
  });

  describe.each(packages)('$manifest.name', ({ dir, manifest }) => {
    it('has repository (with its directory), homepage, bugs, keywords and engines', () => {
      expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/latentkit/latentkit.git', directory: `packages/${dir}` });
      expect(manifest.homepage).toBe(`https://github.com/latentkit/latentkit/tree/main/packages/${dir}#readme`);
      expect(manifest.bugs).toEqual({ url: 'https://github.com/latentkit/latentkit/issues' });
      expect(manifest.keywords).toEqual(expect.arrayContaining(['latentkit']));
      expect(manifest.engines).toEqual({ node: '>=20.19' });
      expect(manifest.license).toBe('Apache-2.0');
      expect(manifest.description?.length).toBeGreaterThan(20);
    });

    it('has a README with its install line and a minimal example that imports it', () => {
      const readme = readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8');
      expect(readme.startsWith(`# ${manifest.name}\n`), 'README title').toBe(true);
      const install = fenced(readme, 'sh');
      expect(install, 'no ```sh block').toBeDefined();
      expect(install!.split('\n')[0]).toMatch(new RegExp(`^npm install (--save-dev )?${manifest.name}( |$)`));
      // Every peer the user must install (not the optional ones) is on the install line.
      const optional = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}).filter((k) => manifest.peerDependenciesMeta[k].optional));
      const required = Object.keys(manifest.peerDependencies ?? {}).filter((k) => !optional.has(k));
      expect(install!.split('\n')[0].split(' ')).toEqual(expect.arrayContaining(required));
      expect(fenced(readme, 'ts'), 'no ```ts example').toContain(`from '${manifest.name}'`);
    });

    it('publishes dist, its README and the CHANGELOG that changesets writes', () => {
      expect(manifest.files).toContain('dist');
      expect(existsSync(join(root, 'packages', dir, 'README.md'))).toBe(true);
      // npm always packs README.md and CHANGELOG.md; the CHANGELOG itself is written by `changeset version`
      // (publish-dry-run.test.ts checks that it is, and that it lands in the tarball).
    });
  });
});
