import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPackages, root } from './published-packages.js';

// The API reference as a user gets it: `pnpm docs` (TypeDoc, typedoc.config.mjs) builds docs/api/ with every
// validation warning an error, and Debian's chromium (as in apps/vscode/test/e2e) renders its pages.

const api = join(root, 'docs', 'api');
const results = join(root, 'tooling', 'release', 'test-results');
const pnpm = join(root, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
const packages = publishedPackages();
const guides = readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md'));

/** Run node with `args` from the repository root; its status and its stdout and stderr together, without colours. */
function node(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
}

/** Debian's chromium, installed with apt-get when missing, as apps/vscode/test/e2e/run.sh does. */
function chromiumPath(): string {
  const path = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path)) {
    const r = spawnSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`chromium: ${path} missing and apt-get install chromium failed: ${r.stderr.trim().split('\n').at(-1)}`);
  }
  return path;
}

describe('API reference', () => {
  let built: ReturnType<typeof node>;
  let browser: Browser | undefined;

  beforeAll(() => {
    built = node([pnpm, '-s', 'docs']);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('builds with pnpm docs with no validation warning', () => {
    expect(built.status, built.output.slice(-3000)).toBe(0);
    expect(built.output).not.toMatch(/\[warning\]|\[error\]/);
  });

  it('has a page per published package and one per plugin guide', () => {
    expect(existsSync(join(api, 'index.html'))).toBe(true);
    for (const p of packages)
      expect(existsSync(join(api, 'modules', `${p.manifest.name.replace('@', '_').replace('/', '_')}.html`)), p.manifest.name).toBe(true);
    for (const g of guides) expect(existsSync(join(api, 'documents', g.replace(/\.md$/, '.html'))), g).toBe(true);
  });

  it('renders its index and a model page in chromium', async () => {
    expect(built.status, 'the docs did not build').toBe(0);
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    mkdirSync(results, { recursive: true });

    await page.goto(pathToFileURL(join(api, 'index.html')).href);
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('latentkit');
    for (const p of packages) expect(await page.locator('.col-content a', { hasText: new RegExp(`^${p.manifest.name}$`) }).count(), p.manifest.name).toBe(1);
    expect(await page.locator('.col-content a', { hasText: 'write-a-model-plugin' }).count()).toBe(1);
    await page.screenshot({ path: join(results, 'api-index.png'), fullPage: true });

    await page.locator('.col-content a', { hasText: /^@latentkit\/models-mixture$/ }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Module @latentkit/models-mixture');
    // The package's README is the top of its page, followed by its exports.
    const headings = await page.locator('.col-content h1, .col-content h2').allTextContents();
    expect(headings.map((h) => h.trim())).toEqual(expect.arrayContaining(['@latentkit/models-mixture', 'Classes', 'Variables']));
    await expect.poll(() => page.locator('.col-content a', { hasText: /^FittedGmm$/ }).isVisible()).toBe(true);
    await page.screenshot({ path: join(results, 'api-models-mixture.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 600_000); // apt-get install chromium on a machine without it

  it('fails the build on an undocumented export, an undocumented member and a broken link (scratch copy of @latentkit/app-views)', () => {
    // Inside the repository (.tmp is git-ignored) so that TypeScript finds the workspace's @types/node.
    mkdirSync(join(root, '.tmp'), { recursive: true });
    const scratch = mkdtempSync(join(root, '.tmp', 'docs-check-'));
    try {
      const pkg = join(scratch, 'app-views');
      const source = join(root, 'packages', 'app-views');
      for (const f of ['src', 'package.json', 'tsconfig.build.json', 'README.md']) cpSync(join(source, f), join(pkg, f), { recursive: true });
      symlinkSync(join(source, 'node_modules'), join(pkg, 'node_modules'), 'dir');
      writeFileSync(
        join(pkg, 'src', 'broken.ts'),
        'export const undocumentedExport = 1;\n\n/** Like {@link NoSuchSpec}. */\nexport const brokenLink = 2;\n\n/** A documented interface with one undocumented member. */\nexport interface HalfDocumented {\n  /** Documented. */\n  readonly a: number;\n  readonly undocumentedMember: number;\n}\n',
      );
      writeFileSync(join(pkg, 'src', 'index.ts'), `export * from './broken.js';\n`, { flag: 'a' });
      const r = node([typedoc, '--options', join(root, 'typedoc.config.mjs'), '--entryPoints', pkg, '--out', join(scratch, 'api')]);
      expect(r.status, r.output).not.toBe(0);
      expect(r.output).toContain('undocumentedExport (Variable), defined in @latentkit/app-views/src/broken.ts, does not have any documentation');
      expect(r.output).toContain(
        'HalfDocumented.undocumentedMember (Property), defined in @latentkit/app-views/src/broken.ts, does not have any documentation',
      );
      expect(r.output).not.toContain('HalfDocumented.a (Property)');
      expect(r.output).toContain('Failed to resolve link to "NoSuchSpec" in comment for brokenLink');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 300_000);
});
