// The README's screenshots come from the end-to-end run (test/e2e/scenarios.mjs, scenario `walkthrough`).
//   node scripts/readme-images.mjs            copy them from the last run's test-results/e2e/ to media/readme/, with a
//                                             manifest (media/readme/screenshots.json: the run, each file's source and sha256)
//   node scripts/readme-images.mjs --check [folder]
//                                             check the extension folder (default: this one): every image README.md shows
//                                             exists, every screenshot in media/readme/ is the one its manifest records, and
//                                             the README shows every screenshot of the manifest; one line per problem, exit 1
// `pnpm test:e2e` runs the copy when E2E_README_IMAGES=1 and the run passed; commit media/readme/ afterwards.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** README image (in media/readme/) ← screenshot of the end-to-end run (in test-results/e2e/). */
const SCREENSHOTS = {
  'walkthrough.png': 'walkthrough-steps.png',
  'train-form.png': 'walkthrough-form.png',
  'latent-preview.png': 'walkthrough-preview.png',
};
const SCENARIO = 'walkthrough';
const MANIFEST = 'media/readme/screenshots.json';

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The images a Markdown text shows: `![alt](src "title")` and `<img src="...">`. */
function markdownImages(text) {
  const md = [...text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const html = [...text.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]);
  return [...md, ...html];
}

/** Problems of an extension folder's README images and screenshot manifest, one line each. */
function readmeImageProblems(folder) {
  const problems = [];
  const readme = readFileSync(join(folder, 'README.md'), 'utf8');
  const shown = new Set();
  for (const src of markdownImages(readme)) {
    if (/^[a-z]+:/i.test(src)) {
      problems.push(`README.md shows ${src}: images must be files of the extension folder (vsce rewrites their links)`);
      continue;
    }
    const rel = posix.normalize(src.replace(/^\.\//, ''));
    shown.add(rel);
    if (!existsSync(join(folder, rel))) problems.push(`README.md shows ${src}, which does not exist`);
  }
  const manifestFile = join(folder, MANIFEST);
  if (!existsSync(manifestFile)) return [...problems, `${MANIFEST} is missing: run the end-to-end tests with E2E_README_IMAGES=1`];
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  for (const [name, entry] of Object.entries(manifest.images ?? {})) {
    const rel = `media/readme/${name}`;
    const file = join(folder, rel);
    if (!existsSync(file)) problems.push(`${rel} of ${MANIFEST} is missing`);
    else if (sha256(file) !== entry.sha256)
      problems.push(`${rel} is not the screenshot ${entry.from} of the end-to-end run ${manifest.run?.finishedAt} (sha256 differs)`);
    if (!shown.has(rel)) problems.push(`README.md does not show ${rel}`);
  }
  for (const rel of shown) {
    if (rel.startsWith('media/readme/') && !(rel.slice('media/readme/'.length) in (manifest.images ?? {})))
      problems.push(`README.md shows ${rel}, which no end-to-end run produced (not in ${MANIFEST})`);
  }
  return problems;
}

/** Copy the chosen screenshots of a passing end-to-end run into `folder`/media/readme/ and write the manifest. */
function copyScreenshots(folder, results) {
  const summaryFile = join(results, 'summary.json');
  if (!existsSync(summaryFile)) throw new Error(`${summaryFile} is missing: run the end-to-end tests first`);
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  if (!summary.passed?.includes(SCENARIO)) throw new Error(`the end-to-end run of ${summary.finishedAt} did not pass scenario ${SCENARIO}`);
  mkdirSync(join(folder, 'media', 'readme'), { recursive: true });
  const images = {};
  for (const [name, from] of Object.entries(SCREENSHOTS)) {
    const source = join(results, from);
    if (!existsSync(source)) throw new Error(`${source} is missing: scenario ${SCENARIO} did not save it`);
    copyFileSync(source, join(folder, 'media', 'readme', name));
    images[name] = { from, sha256: sha256(source) };
  }
  const manifest = { run: { scenario: SCENARIO, finishedAt: summary.finishedAt, vscode: summary.vscode }, images };
  writeFileSync(join(folder, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return Object.keys(images);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.argv[2] === '--check') {
    const problems = readmeImageProblems(resolve(process.argv[3] ?? app));
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  }
  try {
    const copied = copyScreenshots(app, join(app, 'test-results', 'e2e'));
    console.log(`copied ${copied.join(', ')} to media/readme/`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
