import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyProject, exec, execOk, lastLines, nodeBinary, npm, repack, scratchCopy, tarballName, type Ran } from './consumer-project.js';
import { importedPackages, installLines, markedBlock, missingPeers, publishablePackages, type InstallLine } from './readme-install.js';
import { ownErrors } from './tsc-diagnostics.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Kept between runs (node_modules/.cache): npm's cache and the Node 22 and 24 binaries. */
const CACHE = join(ROOT, 'node_modules', '.cache', 'latentkit-consumer');
const NPM_CACHE = join(CACHE, 'npm');
const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const CLI = join(ROOT, 'apps', 'cli', 'dist', 'cli.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const PNPM = join(ROOT, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
const FAMILIES = ['mixture', 'factor', 'topic', 'vae', 'contrastive', 'dde'] as const;
const NODE_MAJORS = [20, 22, 24] as const;
/** Node's types, for the type check only: the README's lines need no TypeScript. */
const TYPES_NODE = '@types/node@^20.19.0';
/** Timeout of the tests that start Node processes, which run side by side on a machine that may be busy. */
const SLOW = 600_000;

/** A small fit of each model family with the built CLI. */
const CLI_FITS: readonly (readonly string[])[] = [
  ['mixture/gmm', 'datasets/faithful', '--set', 'nComponents=2'],
  ['factor/fa', 'datasets/iris', '--set', 'nComponents=2'],
  ['topic/lda', 'datasets/lda-corpus', '--data', 'nDocs=60', '--data', 'vocabSize=40', '--data', 'nTopics=3', '--set', 'nComponents=3'],
  ['vae/vae', 'datasets/faithful', '--set', 'latentDim=1', '--set', 'hiddenUnits=[16]', '--set', 'epochs=3'],
  ['contrastive/cvae', 'datasets/contrastive-sim', '--data', 'nBackground=100', '--data', 'nTarget=100', '--set', 'hiddenUnits=[16]', '--set', 'epochs=3'],
  ['dde/dde', 'datasets/dde-two-layer', '--data', 'n=300', '--set', 'layers=[6,2]', '--set', 'maxIter=20'],
];

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const lines = installLines(markedBlock(readme, 'install'));
const libraryExample = markedBlock(readme, 'library example');
const publishable = publishablePackages(ROOT);
const manifests = new Map(publishable.map(({ manifest }) => [manifest.name, manifest]));

let work: string;
let project: string;
const tarballs = new Map<string, string>();
const nodes = new Map<number, string>();

/** `pnpm pack` every publishable package into `dest`, as a release would. */
async function pack(dest: string): Promise<void> {
  const filters = publishable.flatMap(({ manifest }) => ['--filter', manifest.name]);
  await execOk(process.execPath, [PNPM, '-r', ...filters, 'pack', '--pack-destination', dest], { cwd: ROOT });
  for (const { manifest } of publishable) tarballs.set(manifest.name, join(dest, tarballName(manifest.name, manifest.version)));
}

/** What npm is given for a package of a README line: the packed tarball for ours, the name as written for the rest. */
const spec = (name: string): string => tarballs.get(name) ?? name;

/** An npm project with the union of the README's lines installed, the examples, the README example and two tsconfigs. */
async function install(): Promise<string> {
  const dir = emptyProject(work);
  const specs = [...new Set(lines.flatMap((line) => line.packages))].map(spec);
  await npm(NPM_CACHE, ['install', ...specs, TYPES_NODE], dir);
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
  writeFileSync(join(dir, 'readme-example.mjs'), libraryExample);
  writeFileSync(join(dir, 'readme-example.mts'), libraryExample);
  // The README says where its example's faithful.csv comes from.
  cpSync(join(dir, 'node_modules', '@latentkit', 'datasets', 'data', 'faithful.csv'), join(dir, 'faithful.csv'));
  const compilerOptions = { module: 'NodeNext', target: 'ES2022', strict: true, noEmit: true };
  const tsconfig = (skipLibCheck: boolean, files: string[]) => JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck }, files }, null, 2);
  writeFileSync(join(dir, 'tsconfig.json'), tsconfig(false, ['readme-example.mts', 'examples/public-types.mts']));
  writeFileSync(join(dir, 'tsconfig.readme.json'), tsconfig(true, ['readme-example.mts']));
  return dir;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'latentkit-consumer-'));
  await pack(work);
  const [dir] = await Promise.all([install(), ...NODE_MAJORS.map(async (major) => nodes.set(major, await nodeBinary(major, CACHE)))]);
  project = dir;
}, 900_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const node = (major: number): string => nodes.get(major) ?? process.execPath;
const runIn = (dir: string, major: number, args: readonly string[]): Promise<Ran> => exec(node(major), args, { cwd: dir });
const tsc = (dir: string, config: string): Promise<Ran> => exec(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { cwd: dir });

function lastJson(ran: Ran): Record<string, unknown> {
  expect(ran.code, `${ran.command}: ${lastLines(ran.stderr || ran.stdout)}`).toBe(0);
  return JSON.parse(ran.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
}

function lineFor(name: string): InstallLine | undefined {
  return lines.find((line) => line.packages[0] === name);
}

describe('README install lines', () => {
  it('give every publishable package one line, which names the peer dependencies it needs', () => {
    expect(publishable.length).toBeGreaterThan(0);
    for (const { manifest } of publishable) expect(lines.filter((line) => line.packages[0] === manifest.name).map((l) => l.text)).toHaveLength(1);
    const unknown = lines.flatMap((line) => line.packages).filter((name) => name.startsWith('@latentkit/') && !manifests.has(name));
    expect(unknown, 'README install lines name packages that are not published').toEqual([]);
    for (const line of lines) expect(missingPeers(line, manifests), line.text).toEqual([]);
  });

  it('are the lines the packages’ own READMEs give', () => {
    for (const { dir, manifest } of publishable) {
      const own = existsSync(join(dir, 'README.md')) ? installLines(readFileSync(join(dir, 'README.md'), 'utf8')) : [];
      for (const line of own.filter((l) => l.packages[0] === manifest.name)) {
        expect(`${line.dev} ${[...line.packages].sort().join(' ')}`, `${manifest.name}/README.md: ${line.text}`).toBe(
          `${lineFor(manifest.name)?.dev} ${[...(lineFor(manifest.name)?.packages ?? [])].sort().join(' ')}`,
        );
      }
    }
  });

  it('cover what the README example and each family example import', () => {
    for (const [file, source] of [['README example', libraryExample], ...FAMILIES.map((f) => [`${f}.mjs`, readFileSync(join(EXAMPLES, `${f}.mjs`), 'utf8')])]) {
      const imported = importedPackages(source);
      expect(imported.length, file).toBeGreaterThan(0);
      expect(
        imported.filter((name) => !lines.some((line) => line.packages.includes(name))),
        `${file} imports packages no README line installs`,
      ).toEqual([]);
    }
    const example = importedPackages(libraryExample);
    expect(
      lines.some((line) => example.every((name) => line.packages.includes(name))),
      'one README line installs everything the README example imports',
    ).toBe(true);
  });
});

describe('the packed packages in a fresh npm project', () => {
  it('declare the Node versions they support, as the workspace does', () => {
    const range = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const cli = JSON.parse(readFileSync(join(ROOT, 'apps', 'cli', 'package.json'), 'utf8')) as { engines?: { node?: string } };
    expect(cli.engines?.node, 'apps/cli engines.node').toBe(range);
    for (const name of manifests.keys()) {
      const installed = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { engines?: { node?: string } };
      expect(installed.engines?.node, `${name} engines.node`).toBe(range);
    }
  });

  it('install from the tarballs with no peer dependency left for npm to add', () => {
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { peer?: boolean }> };
    const peerOnly = Object.entries(lock.packages).filter(([, entry]) => entry.peer);
    expect(
      peerOnly.map(([path]) => path),
      'installed only because a package peer-depends on them, not named in a README line',
    ).toEqual([]);
    for (const name of manifests.keys()) expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
  });

  it.concurrent.each(NODE_MAJORS)(
    'run the README example and one example per model family on Node %i',
    async (major) => {
      const entryPoints = [...manifests.keys()].map((name) => `await import('${name}');`).join(' ');
      const imports = await runIn(project, major, ['--input-type=module', '-e', entryPoints]);
      expect(imports.code, `every entry point imports: ${lastLines(imports.stderr)}`).toBe(0);
      const readmeRun = await runIn(project, major, ['readme-example.mjs']);
      expect(readmeRun.code, lastLines(readmeRun.stderr)).toBe(0);
      expect(readmeRun.stdout.trim().split(/\s+/).map(Number).filter(Number.isFinite)).toHaveLength(2);
      for (const family of FAMILIES) {
        const summary = lastJson(await runIn(project, major, [`examples/${family}.mjs`]));
        expect(Number.isFinite(summary.score), `${family}: score ${summary.score}`).toBe(true);
        expect(summary.reloadedScore, `${family}: the saved model scores as the fitted one`).toBe(summary.score);
        expect((summary.latent as number[])[0], family).toBeGreaterThan(0);
      }
    },
    SLOW,
  );

  it.concurrent(
    'type-check the README example and the public types with module NodeNext',
    async () => {
      const ran = await tsc(project, 'tsconfig.json');
      expect(ownErrors(ran.stdout + ran.stderr)).toEqual([]);
    },
    SLOW,
  );

  it.concurrent.each(NODE_MAJORS.filter((major) => major !== 20))(
    'fit each model family with the built CLI on Node %i',
    async (major) => {
      for (const [key, ...args] of CLI_FITS) {
        const summary = lastJson(await runIn(work, major, [CLI, 'fit', key, ...args, '--json']));
        expect(summary.model).toBe(key);
        expect(Object.values(summary.train as Record<string, number>).some(Number.isFinite), `${key}: train ${JSON.stringify(summary.train)}`).toBe(true);
      }
    },
    SLOW,
  );

  it.concurrent(
    'fail on a missing export, a file left out of a tarball, and a dependency only the workspace has',
    async () => {
      /** The project with one tarball replaced by a broken copy of it. */
      const broken = async (name: string, edit: (packageDir: string) => void): Promise<string> => {
        const tarball = await repack(tarballs.get(name) ?? '', work, edit);
        const dir = await scratchCopy(project, work);
        await npm(NPM_CACHE, ['install', tarball], dir);
        return dir;
      };
      const [noExport, noData, noDependency] = await Promise.all([
        broken('@latentkit/models-mixture', (dir) => dropExport(dir, 'gmm')),
        broken('@latentkit/datasets', (dir) => editManifest(dir, (m) => ({ ...m, files: ['dist'] }))),
        broken('@latentkit/core', (dir) =>
          editManifest(dir, (m) => ({ ...m, dependencies: Object.fromEntries(Object.entries(m.dependencies ?? {}).filter(([d]) => d !== 'csv-parse')) })),
        ),
      ]);
      const runs = await Promise.all([
        runIn(noExport, 20, ['readme-example.mjs']),
        tsc(noExport, 'tsconfig.readme.json'),
        runIn(noData, 20, ['examples/factor.mjs']),
        runIn(noDependency, 20, ['readme-example.mjs']),
      ]);
      expect(runs.map((ran) => ran.code === 0)).toEqual([false, false, false, false]);
      expect(runs[0].stderr).toContain("does not provide an export named 'gmm'");
      expect(runs[1].stdout).toContain("has no exported member 'gmm'");
      expect(runs[2].stderr).toContain('@latentkit/datasets/data/iris.csv: cannot read the file');
      expect(runs[3].stderr).toContain("Cannot find package 'csv-parse'");
    },
    SLOW,
  );
});

/** Remove export `name` from a built package's `dist/index.js` and `dist/index.d.ts`, as a forgotten re-export would. */
function dropExport(dir: string, name: string): void {
  const edits: [string, RegExp][] = [
    ['dist/index.js', new RegExp(`^\\s*(\\w+ as )?${name},?\\n`, 'm')],
    ['dist/index.d.ts', new RegExp(`^export \\{ ${name} \\} from .*\\n`, 'm')],
  ];
  for (const [file, pattern] of edits) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!pattern.test(text)) throw new Error(`${file} has no export of ${name} matching ${pattern}`);
    writeFileSync(join(dir, file), text.replace(pattern, ''));
  }
}

interface EditableManifest {
  readonly files?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
}

function editManifest(dir: string, edit: (manifest: EditableManifest) => EditableManifest): void {
  const file = join(dir, 'package.json');
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as EditableManifest), null, 2));
}
