// The API reference (`pnpm docs` → docs/api/index.html): one page per published package of packages/*, with its
// README, plus the plugin guides of docs/guides. Validation warnings (an export referencing an unexported type, a
// broken {@link}, an undocumented export) are errors. tooling/release/test/api-docs.test.ts builds it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = import.meta.dirname;
const published = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: `packages/${dir}`, manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.manifest.private);

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'latentkit',
  entryPointStrategy: 'packages',
  entryPoints: published.map((p) => p.dir),
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.build.json',
    excludeExternals: true,
    // Source links from the packages' repository field, not from `git remote get-url origin`: a checkout without
    // that remote (a fresh `git init`, a copy) would otherwise warn, and warnings are errors.
    disableGit: true,
    gitRevision: 'main',
    displayBasePath: root,
    sourceLinkTemplate: `${repositoryUrl()}/blob/{gitRevision}/{path}#L{line}`,
  },
  projectDocuments: ['docs/guides/*.md'],
  out: 'docs/api',
  // `pnpm typecheck` reports type errors; TypeDoc only reads the types it documents, which is much faster.
  skipErrorChecking: true,
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // Every exported declaration needs TSDoc, and so do their members (properties, methods, accessors, constructors).
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias', 'Method', 'Property', 'Accessor', 'Constructor', 'EnumMember'],
  packagesRequiringDocumentation: published.map((p) => p.manifest.name),
  treatWarningsAsErrors: true,
};

/** The GitHub URL of the repository, from `@latentkit/core`'s package.json (`git+https://….git`). */
function repositoryUrl() {
  const core = published.find((p) => p.manifest.name === '@latentkit/core');
  return String(core.manifest.repository.url)
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');
}
