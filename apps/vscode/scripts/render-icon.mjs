// Renders the extension's icon, media/icon.svg, to media/icon.png (256 × 256, transparent corners) with Debian's
// chromium driven by playwright-core, the browser and driver of the end-to-end tests (installed in test/e2e/host by
// test/e2e/run.sh). Run after changing the SVG and commit both: node apps/vscode/scripts/render-icon.mjs
// With --check it writes nothing: it renders the SVG again and compares the pixels with the committed PNG (decoded by
// the same browser), and exits 1 with one line when they differ, so a PNG left behind by an SVG change fails the
// end-to-end run (test/e2e/run.sh calls it).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const host = join(app, 'test', 'e2e', 'host', 'package.json');
const { chromium } = createRequire(host)('playwright-core');
const size = 256;
const check = process.argv.includes('--check');
const svg = process.env.LATENTKIT_ICON_SVG || join(app, 'media', 'icon.svg');
const png = process.env.LATENTKIT_ICON_PNG || join(app, 'media', 'icon.png');
// Antialiasing may move between chromium versions: a channel may differ by up to 8 (of 255) on up to 0.5% of the
// pixels; a changed shape or colour moves far more.
const CHANNEL_TOLERANCE = 8;
const PIXEL_FRACTION = 0.005;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failure = null;
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(svg).href);
  const rendered = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  if (!check) {
    writeFileSync(png, rendered);
    console.log(`wrote media/icon.png (${size} × ${size})`);
  } else {
    await page.goto('about:blank');
    const dataUrl = (bytes) => `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
    const r = await page.evaluate(
      async ([a, b, tolerance]) => {
        const load = (src) =>
          new Promise((resolve, reject) => {
            const img = new Image();
            img.onload = () => resolve(img);
            img.onerror = () => reject(new Error('not a PNG the browser can decode'));
            img.src = src;
          });
        const pixels = (img) => {
          const canvas = document.createElement('canvas');
          canvas.width = img.width;
          canvas.height = img.height;
          const g = canvas.getContext('2d');
          g.drawImage(img, 0, 0);
          return g.getImageData(0, 0, img.width, img.height).data;
        };
        const [ia, ib] = await Promise.all([load(a), load(b)]);
        if (ia.width !== ib.width || ia.height !== ib.height) return { size: `${ib.width} × ${ib.height}`, expected: `${ia.width} × ${ia.height}` };
        const pa = pixels(ia);
        const pb = pixels(ib);
        let differing = 0;
        let maxDiff = 0;
        for (let i = 0; i < pa.length; i += 4) {
          let d = 0;
          for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(pa[i + c] - pb[i + c]));
          if (d > tolerance) differing++;
          maxDiff = Math.max(maxDiff, d);
        }
        return { differing, maxDiff, pixels: pa.length / 4 };
      },
      [dataUrl(rendered), dataUrl(readFileSync(png)), CHANNEL_TOLERANCE],
    );
    if (r.expected) failure = `${png}: ${r.size} pixels, but its SVG renders at ${r.expected}: run node apps/vscode/scripts/render-icon.mjs`;
    else if (r.differing > PIXEL_FRACTION * r.pixels)
      failure = `${png}: ${r.differing} of ${r.pixels} pixels differ from a fresh rendering of ${svg} by more than ${CHANNEL_TOLERANCE} (largest ${r.maxDiff}): run node apps/vscode/scripts/render-icon.mjs`;
    else console.log(`media/icon.png matches media/icon.svg (${r.differing} pixels beyond ±${CHANNEL_TOLERANCE}, largest difference ${r.maxDiff})`);
  }
} finally {
  await browser.close();
}
if (failure) {
  console.error(failure);
  process.exit(1);
}
