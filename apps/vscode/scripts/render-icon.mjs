// Renders the extension's icon, media/icon.svg, to media/icon.png (256 × 256, transparent corners) with Debian's
// chromium driven by playwright-core, the browser and driver of the end-to-end tests (installed in test/e2e/host by
// test/e2e/run.sh). Run after changing the SVG and commit both: node apps/vscode/scripts/render-icon.mjs
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const host = join(app, 'test', 'e2e', 'host', 'package.json');
const { chromium } = createRequire(host)('playwright-core');
const size = 256;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(join(app, 'media', 'icon.svg')).href);
  await page.screenshot({ path: join(app, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  console.log(`wrote media/icon.png (${size} × ${size})`);
} finally {
  await browser.close();
}
