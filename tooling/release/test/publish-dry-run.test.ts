import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPackages, root } from './published-packages.js';

// The release path on a scratch copy of the workspace: `changeset version` writes versions and CHANGELOGs, then
// `pnpm publish -r --dry-run` packs every published package. Nothing is committed or published.

const packages = publishedPackages();
const scratch = mkdtempSync(join(tmpdir(), 'latentkit-publish-'));
const pnpm = join(root, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

/** Run a command in the scratch copy; its status and its stdout and stderr together. */
function run(args: string[]): { status: number | null; output: string } {
  // Drop the npm_config_* variables a parent `npm test` or `pnpm test` exported (all but the registry), as
  // apps/vscode/test/e2e/run.sh does, so the scratch copy's pnpm reads only its own configuration.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k) || k.toLowerCase() === 'npm_config_registry'));
  const r = spawnSync(process.execPath, args, { cwd: scratch, encoding: 'utf8', env: { ...env, CI: '1' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The files of each tarball that `npm publish --dry-run` lists (`npm notice 📦 name@version`, then its contents). */
function tarballs(output: string): Map<string, { version: string; files: string[] }> {
  const result = new Map<string, { version: string; files: string[] }>();
  let current: string[] | undefined;
  for (const line of output.split('\n')) {
    const head = /📦\s+(@?[^@\s]+)@(\S+)/.exec(line);
    if (head) result.set(head[1], { version: head[2], files: (current = []) });
    else if (/Tarball Details/.test(line)) current = undefined;
    else if (current) {
      const file = /^npm notice [\d.]+k?B (\S+)$/.exec(line.trim());
      if (file) current.push(file[1]);
    }
  }
  return result;
}

/** One line per file a published package's tarball must hold and does not. */
function tarballProblems(output: string, names: readonly string[]): string[] {
  const packed = tarballs(output);
  return names.flatMap((name) => {
    const t = packed.get(name);
    if (!t) return [`${name}: not packed`];
    return ['package.json', 'README.md', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts']
      .filter((f) => !t.files.includes(f))
      .map((f) => `${name}@${t.version}: ${f} missing from the tarball`);
  });
}

beforeAll(() => {
  const missing = packages.filter((p) => !existsSync(join(root, 'packages', p.dir, 'dist', 'index.js')));
  if (missing.length) throw new Error(`publish dry run: ${missing.map((p) => p.dir).join(', ')} not built (run pnpm build first)`);
  // The workspace's manifests, lockfile, changesets and the published packages with their built dist.
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).stdout.split('\n');
  const wanted = /^(package\.json|pnpm-workspace\.yaml|pnpm-lock\.yaml|\.changeset\/.*|packages\/.*|(apps|tooling|examples)\/[^/]+\/package\.json)$/;
  for (const file of listed.filter((f) => wanted.test(f))) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    copyFileSync(join(root, file), join(scratch, file));
  }
  for (const p of packages) cpSync(join(root, 'packages', p.dir, 'dist'), join(scratch, 'packages', p.dir, 'dist'), { recursive: true });
  // pnpm publish rewrites `workspace:` ranges from the installed links, so the copy is installed (from the store).
  const install = run([pnpm, 'install', '--prefer-offline', '--frozen-lockfile', '--ignore-scripts']);
  if (install.status !== 0) throw new Error(`pnpm install in the scratch copy failed: ${install.output.trim().split('\n').at(-1)}`);
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('publishing dry run', () => {
  let versioned: ReturnType<typeof run>;

  it('changeset version consumes the changesets and writes a CHANGELOG for every published package', () => {
    const pending = readdirSync(join(scratch, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(pending.length, 'no changesets to release').toBeGreaterThan(0);
    versioned = run([join(scratch, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version']);
    expect(versioned.status, versioned.output).toBe(0);
    expect(readdirSync(join(scratch, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')).toEqual([]);
    for (const p of packages) {
      const { version } = JSON.parse(readFileSync(join(scratch, 'packages', p.dir, 'package.json'), 'utf8'));
      const changelog = readFileSync(join(scratch, 'packages', p.dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog, p.manifest.name).toMatch(new RegExp(`^# ${p.manifest.name}\\n\\n## ${version.replaceAll('.', '\\.')}\\n`));
    }
  });

  it('versions the published packages in lockstep: one fixed group, one version after changeset version', () => {
    // The release policy (README, Releases): every published package carries the same version, as @tensorflow/tfjs-*
    // do. A package left out of the fixed group would be versioned on its own, and a 0.x minor of a peer
    // (@latentkit/core) would push its peer dependents to the next major while the peer stayed on 0.x.
    const config = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8')) as { fixed: string[][] };
    expect(config.fixed.map((group) => [...group].sort())).toEqual([packages.map((p) => p.manifest.name).sort()]);
    expect(versioned?.status, 'changeset version did not run').toBe(0);
    const versions = new Set(packages.map((p) => JSON.parse(readFileSync(join(scratch, 'packages', p.dir, 'package.json'), 'utf8')).version));
    expect([...versions]).toHaveLength(1);
    expect([...versions][0]).not.toBe(packages[0].manifest.version);
  });

  it('pnpm publish -r --dry-run packs every published package with its README, CHANGELOG and dist', () => {
    expect(versioned?.status, 'changeset version did not run').toBe(0);
    const published = run([pnpm, 'publish', '-r', '--dry-run', '--no-git-checks']);
    expect(published.status, published.output.slice(-2000)).toBe(0);
    expect(
      tarballProblems(
        published.output,
        packages.map((p) => p.manifest.name),
      ),
    ).toEqual([]);
    // No private workspace package (the CLI, the extension, tooling) is packed.
    expect([...tarballs(published.output).keys()].sort()).toEqual(packages.map((p) => p.manifest.name).sort());
  });

  it('reports a package whose tarball lacks its CHANGELOG and its type declarations', () => {
    const dir = join(scratch, 'packages', 'models-mixture');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, files: ['dist'] }));
    rmSync(join(dir, 'dist', 'index.d.ts'));
    const broken = run([pnpm, 'publish', '--dry-run', '--no-git-checks', '--filter', '@latentkit/models-mixture']);
    expect(broken.status, broken.output.slice(-2000)).toBe(0);
    expect(tarballProblems(broken.output, ['@latentkit/models-mixture'])).toEqual([
      `@latentkit/models-mixture@${manifest.version}: CHANGELOG.md missing from the tarball`,
      `@latentkit/models-mixture@${manifest.version}: dist/index.d.ts missing from the tarball`,
    ]);
  });
});
