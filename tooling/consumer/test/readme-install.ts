import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a package.json the consumer test reads. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly engines?: { readonly node?: string };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

/** A workspace package that is published to npm: its folder and manifest. */
export interface Publishable {
  readonly dir: string;
  readonly manifest: Manifest;
}

/** One `npm install` line of a README: whether it is `--save-dev`, and the packages it names, first the one it is for. */
export interface InstallLine {
  readonly text: string;
  readonly dev: boolean;
  readonly packages: readonly string[];
}

/** Every non-private package under `packages/` and `apps/` of the workspace at `root`. */
export function publishablePackages(root: string): Publishable[] {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, group, entry.name))
      .flatMap((dir) => {
        const manifest = readManifest(dir);
        return manifest && !manifest.private ? [{ dir, manifest }] : [];
      }),
  );
}

function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** The fenced code block right after the line `<!-- consumer-test: <marker> -->` of a Markdown text. */
export function markedBlock(markdown: string, marker: string, file = 'README.md'): string {
  const comment = `<!-- consumer-test: ${marker} -->`;
  const at = markdown.indexOf(comment);
  if (at < 0) throw new Error(`${file}: no '${comment}' marker`);
  const block = /^\s*```[a-z]*\n([\s\S]*?)\n```/.exec(markdown.slice(at + comment.length));
  if (!block) throw new Error(`${file}: no fenced code block right after '${comment}'`);
  return block[1];
}

/** The `npm install [--save-dev] a b …` lines of a text; other lines are ignored. */
export function installLines(text: string): InstallLine[] {
  return text.split('\n').flatMap((raw) => {
    const words = raw.trim().split(/\s+/);
    if (words[0] !== 'npm' || words[1] !== 'install') return [];
    const rest = words.slice(2);
    return [{ text: raw.trim(), dev: rest.includes('--save-dev'), packages: rest.filter((w) => !w.startsWith('-')) }];
  });
}

/** The packages imported by `import … from '<name>'` in a module's text (bare specifiers only, subpaths reduced to the package). */
export function importedPackages(source: string): string[] {
  const names = [...source.matchAll(/^import\s[^'"]*['"]([^'"./][^'"]*)['"]/gm)].map((m) => m[1]);
  return [
    ...new Set(
      names.map((name) =>
        name
          .split('/')
          .slice(0, name.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
    ),
  ];
}

/**
 * The packages a line leaves out although a package it installs needs them: the non-optional peer dependencies of its
 * workspace packages and of the workspace packages those depend on.
 */
export function missingPeers(line: InstallLine, manifests: ReadonlyMap<string, Manifest>): string[] {
  const required = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const manifest = manifests.get(name);
    if (!manifest || seen.has(name)) return;
    seen.add(name);
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
      if (manifest.peerDependenciesMeta?.[peer]?.optional) continue;
      required.add(peer);
      visit(peer);
    }
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
  };
  line.packages.forEach(visit);
  return [...required].filter((name) => !line.packages.includes(name));
}
