import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'latentkit-marketplace-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Run a node script of the extension; its exit status and what it printed. */
function node(script: string, ...args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(app, script), ...args], { cwd: app, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// The marketplace's categories (vsce rejects others).
const CATEGORIES = [
  'Azure',
  'Data Science',
  'Debuggers',
  'Extension Packs',
  'Education',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
  'AI',
  'Chat',
  'Other',
];

describe('the marketplace manifest', () => {
  it('has an icon of at least 128 × 128 pixels rendered from its SVG source', () => {
    expect(existsSync(join(app, 'media', 'icon.svg'))).toBe(true);
    const { width, height } = pngSize(join(app, pkg.icon));
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(128);
  });

  it('has a gallery banner, the repository links, keywords and known categories', () => {
    expect(pkg.galleryBanner.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(['dark', 'light']).toContain(pkg.galleryBanner.theme);
    const repo = pkg.repository.url.replace(/\.git$/, '');
    expect(repo).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
    expect(pkg.homepage.startsWith(repo)).toBe(true);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
    // vsce guesses image links from the repository's root; in this monorepo they must point at apps/vscode.
    expect(pkg.vsce.baseImagesUrl).toBe(`${repo}/raw/main/${pkg.repository.directory}`);
    expect(pkg.vsce.baseContentUrl).toBe(`${repo}/blob/main/${pkg.repository.directory}`);
    expect(pkg.keywords.length).toBeGreaterThan(0);
    expect(pkg.keywords.length).toBeLessThanOrEqual(30);
    expect(pkg.categories.filter((c) => !CATEGORIES.includes(c))).toEqual([]);
    expect(readFileSync(join(app, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^# ${pkg.name}\\n[\\s\\S]*^## ${pkg.version.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('packs the icon, the CHANGELOG, the LICENSE and the walkthrough pages, and not the README screenshots', () => {
    const { status, output } = node('node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies');
    expect(status, output).toBe(0);
    const packed = output.trim().split('\n');
    const media = pkg.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown));
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', pkg.icon, ...media]));
    expect(packed.filter((f) => f.startsWith('media/readme/') || f.startsWith('src/'))).toEqual([]);
  });
});

describe('the Get started walkthrough', () => {
  const commands = new Set(pkg.contributes.commands.map((c) => c.command));
  const sources = readdirSync(join(app, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(app, 'src', f), 'utf8'))
    .join('\n');
  const steps = pkg.contributes.walkthroughs.flatMap((w) => w.steps);

  it('opens a sample CSV, trains a model and opens the preview', () => {
    expect(steps.map((s) => s.id)).toEqual(['openSample', 'trainGmm', 'openPreview']);
    const buttons = steps.map((s) => [...s.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]));
    expect(buttons).toEqual([['latentkit.openSampleData'], ['latentkit.trainModel'], ['latentkit.openLatentPreview']]);
    expect(buttons.flat().filter((c) => !commands.has(c))).toEqual([]);
  });

  it('completes each step by an event the extension raises', () => {
    for (const step of steps) {
      expect(step.completionEvents.length, step.id).toBeGreaterThan(0);
      for (const event of step.completionEvents) {
        const [kind, what] = event.split(/:(.*)/s);
        if (kind === 'onCommand') expect(commands.has(what!), event).toBe(true);
        else if (kind === 'onContext') expect(sources.includes(`'setContext', '${what}', true`), `${event}: no setContext of ${what} in src/`).toBe(true);
        else throw new Error(`unexpected completion event ${event}`);
      }
      expect(existsSync(join(app, step.media.markdown)), step.media.markdown).toBe(true);
    }
  });
});

describe('the README screenshots', () => {
  const check = (folder?: string) => node('scripts/readme-images.mjs', '--check', ...(folder ? [folder] : []));

  it('are images of the end-to-end run that the README shows', () => {
    const { status, output } = check();
    expect(output).toBe('');
    expect(status).toBe(0);
    expect(readFileSync(join(app, 'README.md'), 'utf8')).toMatch(
      /!\[[^\]]*\]\(media\/readme\/train-form\.png\)[\s\S]*!\[[^\]]*\]\(media\/readme\/latent-preview\.png\)/,
    );
  });

  it('fails on a missing image and on a screenshot changed after the run (scratch copy)', () => {
    const folder = join(scratch, 'readme');
    mkdirSync(join(folder, 'media'), { recursive: true });
    cpSync(join(app, 'media', 'readme'), join(folder, 'media', 'readme'), { recursive: true });
    writeFileSync(join(folder, 'README.md'), `${readFileSync(join(app, 'README.md'), 'utf8')}\n![gone](media/readme/gone.png)\n`);
    writeFileSync(
      join(folder, 'media', 'readme', 'train-form.png'),
      Buffer.concat([readFileSync(join(app, 'media', 'readme', 'train-form.png')), Buffer.from([0])]),
    );
    const { status, output } = check(folder);
    expect(status).toBe(1);
    expect(output).toContain('README.md shows media/readme/gone.png, which does not exist');
    expect(output).toMatch(/media\/readme\/train-form\.png is not the screenshot walkthrough-form\.png of the end-to-end run .* \(sha256 differs\)/);
  });
});

describe('check-vsix.mjs', () => {
  /** A folder laid out as code-server installs the .vsix, with placeholder bundles and the README's links rewritten as vsce does. */
  function installed(): string {
    const dir = mkdtempSync(join(scratch, 'installed-'));
    for (const f of ['package.json', pkg.icon, ...pkg.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown))]) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(join(app, f), join(dir, f));
    }
    const readme = readFileSync(join(app, 'README.md'), 'utf8').replace(/(!\[[^\]]*\]\()(media\/)/g, `$1${pkg.vsce.baseImagesUrl}/$2`);
    writeFileSync(join(dir, 'readme.md'), readme);
    copyFileSync(join(app, 'CHANGELOG.md'), join(dir, 'changelog.md'));
    copyFileSync(join(app, 'LICENSE'), join(dir, 'LICENSE.txt'));
    for (const f of [
      'extension.cjs',
      'worker.cjs',
      'pool-worker.cjs',
      'webview/latent-preview.js',
      'webview/train-form.js',
      'wasm/tfjs-backend-wasm-simd.wasm',
      'sample/old-faithful.csv',
    ]) {
      mkdirSync(dirname(join(dir, 'dist', f)), { recursive: true });
      writeFileSync(join(dir, 'dist', f), 'x');
    }
    return dir;
  }
  const vsix = (bytes: number) => {
    const file = join(scratch, `size-${bytes}.vsix`);
    writeFileSync(file, '');
    truncateSync(file, bytes);
    return file;
  };

  it('accepts a package within its budget that holds what the marketplace needs', () => {
    const { status, output } = node('test/e2e/check-vsix.mjs', vsix(1024), installed());
    expect(output).toMatch(/0\.00 MiB \(budget 2\.00 MiB\)/);
    expect(status).toBe(0);
  });

  it('fails over the budget, without the icon, and with source maps', () => {
    const dir = installed();
    rmSync(join(dir, pkg.icon));
    writeFileSync(join(dir, 'dist', 'extension.cjs.map'), '{}');
    const { status, output } = node('test/e2e/check-vsix.mjs', vsix(3 * 1024 * 1024), dir);
    expect(status).toBe(1);
    expect(output).toMatch(/size-3145728\.vsix is 3\.00 MiB, over its budget of 2\.00 MiB/);
    expect(output).toContain(`the installed extension has no ${pkg.icon}`);
    expect(output).toContain('the .vsix packs files of the development tree: dist/extension.cjs.map');
  });
});
