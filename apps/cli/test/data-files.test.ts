import { initBackend } from '@latentkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureWriter, type StdinSource } from '../src/io.js';
import { runCli } from '../src/run-cli.js';
import { linesOf, run, workDir, type RunResult } from './helpers.js';

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('data-files');
});
afterAll(() => w.cleanup());

/** `n` rows of two well-spread columns (a deterministic cloud, so every model can fit them), joined by `d`. */
const rows = (n: number, d = ','): string[] =>
  Array.from({ length: n }, (_, i) => [(Math.sin(i) * 3 + i / n).toFixed(4), (Math.cos(1.7 * i) * 2).toFixed(4)].join(d));

/** Run `latentkit <argv>` in-process with `input` on standard input. */
async function runWithStdin(argv: readonly string[], input: string | Buffer, isTTY = false): Promise<RunResult> {
  const stdout = captureWriter();
  const stderr = captureWriter();
  const stdin: StdinSource = Object.assign(Readable.from([Buffer.from(input)]), { isTTY });
  const code = await runCli(argv, { stdout, stderr, stdin });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const GMM = ['mixture/gmm', '--set', 'nComponents=1'];

/** Write gzip-compressed `text` to `name` in the work directory. */
async function gzFile(name: string, text: string): Promise<string> {
  const p = join(w.dir, name);
  await writeFile(p, gzipSync(text));
  return p;
}

describe('--no-header', () => {
  it('reads the first row as data and names the columns x1, x2; without it the numeric header is refused in one line', async () => {
    const p = await w.file('noheader.csv', `${rows(20).join('\n')}\n`);
    const r = await run(['fit', ...GMM, p, '--no-header', '--json', '--out', `${w.dir}/noheader.json`]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 20, d: 2 });
    expect(JSON.parse(await readFile(`${w.dir}/noheader.json`, 'utf8')).data.columns).toEqual(['x1', 'x2']);
    const score = await run(['score', `${w.dir}/noheader.json`, p, '--no-header', '--json']);
    expect(score.code, score.stderr).toBe(0);
    expect(JSON.parse(score.stdout).n).toBe(20);

    const bad = await run(['fit', ...GMM, p]);
    expect(bad.code).toBe(1);
    expect(linesOf(bad.stderr)).toEqual([`latentkit: ${p}:1: the header row looks like numbers (0.0000, 2.0000); pass --no-header if the file has no header`]);
  });

  it('is refused for data that is not delimited text', async () => {
    const json = await w.file('m.json', '[[1, 2], [3, 4], [5, 7]]');
    const r = await run(['fit', ...GMM, json, '--no-header']);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([
      `latentkit: --no-header applies to delimited text (.csv, .tsv, .tab, .txt, or - for standard input), but ${json} is a JSON file`,
    ]);
    const key = await run(['fit', ...GMM, 'datasets/iris', '--delimiter', ';']);
    expect(linesOf(key.stderr)).toEqual([
      'latentkit: --delimiter applies to delimited text (.csv, .tsv, .tab, .txt, or - for standard input), but datasets/iris is a registered dataset',
    ]);
  });
});

describe('every command that reads data', () => {
  it('takes --no-header and --delimiter: fit (and --test), score, transform, report --data and select', async () => {
    const semi = await w.file('plain-semi.txt', `${rows(30, ';').join('\n')}\n`);
    const model = join(w.dir, 'semi-model.json');
    const flags = ['--no-header', '--delimiter', ';'];
    const fit = await run(['fit', ...GMM, semi, '--test', semi, ...flags, '--json', '--out', model]);
    expect(fit.code, fit.stderr).toBe(0);
    expect(JSON.parse(fit.stdout)).toMatchObject({ n: 30, d: 2 });
    const score = await run(['score', model, semi, ...flags, '--json']);
    expect(score.code, score.stderr).toBe(0);
    expect(JSON.parse(score.stdout).scores).toEqual(JSON.parse(fit.stdout).test);
    const transform = await run(['transform', model, semi, ...flags, '--out', join(w.dir, 'semi-latents.csv')]);
    expect(transform.code, transform.stderr).toBe(0);
    const report = await run(['report', model, '--data', semi, ...flags, '--out', join(w.dir, 'semi-report.html')]);
    expect(report.code, report.stderr).toBe(0);
    const select = await run(['select', 'mixture/gmm', semi, '--k', '1..2', ...flags, '--json']);
    expect(select.code, select.stderr).toBe(0);
    // Without the flags the first row is taken for names, and the error says which flag to pass.
    const without = await run(['score', model, semi]);
    expect(linesOf(without.stderr)).toEqual([
      `note: ${semi}: reading ';'-separated columns (detected); pass --delimiter to override`,
      `latentkit: ${semi}:1: the header row looks like numbers (0.0000, 2.0000); pass --no-header if the file has no header`,
    ]);
  });
});

describe('--delimiter and delimiter detection', () => {
  it("reads '|' and tab (given as the text \\t) when told, and rejects other characters in one line", async () => {
    const pipe = await w.file('pipe.csv', `a|b\n${rows(20, '|').join('\n')}\n`);
    const r = await run(['fit', ...GMM, pipe, '--delimiter', '|', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 20, d: 2 });
    const tab = await w.file('tab.csv', `a\tb\n${rows(20, '\t').join('\n')}\n`);
    const t = await run(['fit', ...GMM, tab, '--delimiter', '\\t', '--json']);
    expect(t.code, t.stderr).toBe(0);
    expect(linesOf(t.stderr)).toEqual([]);
    const bad = await run(['fit', ...GMM, pipe, '--delimiter', ':']);
    expect(bad.code).toBe(1);
    expect(linesOf(bad.stderr)).toEqual([
      `latentkit: option '--delimiter <char>' argument ':' is invalid. --delimiter expects ',', ';', '|' or a tab (written \\t or tab), got ":"`,
    ]);
  });

  it("detects a ';'-separated .csv and says so in one note", async () => {
    const p = await w.file(
      'semi.csv',
      `a;b;split\n${rows(20, ';')
        .map((l, i) => `${l};${i % 5 === 4 ? 'test' : 'train'}`)
        .join('\n')}\n`,
    );
    const r = await run(['fit', ...GMM, p, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 16, d: 2 });
    expect(linesOf(r.stderr)).toEqual([
      `note: ${p}: reading ';'-separated columns (detected); pass --delimiter to override`,
      `note: ${p} has a split column: fitting its 16 train rows, scoring its 4 test rows`,
    ]);
    const quiet = await run(['fit', ...GMM, p, '--delimiter', ';', '--json']);
    expect(linesOf(quiet.stderr)).toEqual([`note: ${p} has a split column: fitting its 16 train rows, scoring its 4 test rows`]);
  });

  it("says a file looks ';'-separated when a comma in the header keeps it from being detected", async () => {
    const p = await w.file('kg.csv', `weight, kg;height, cm\n${rows(20, ';').join('\n')}\n`);
    const r = await run(['fit', ...GMM, p]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: ${p}:2: expected 3 fields like the header, got 1; the file looks ';'-separated; pass --delimiter ';'`]);
    const ok = await run(['fit', ...GMM, p, '--delimiter', ';', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('rejects decimal commas in one line saying how to convert them', async () => {
    const p = await w.file('eu.csv', 'a;b\n1;2\n3;4\n1,5;2\n');
    const r = await run(['fit', ...GMM, p]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr).at(-1)).toBe(
      `latentkit: ${p}:4: column 'a' (1): expected a number, got "1,5", which has a decimal comma; only decimal points are read: replace the commas with points first (the columns are ';'-separated, so e.g. tr ',' '.')`,
    );
  });
});

describe('file line numbers after splitting', () => {
  // Line 1 is the header; rows 2..21 are lines 2..21; every fifth row is a test row, so line 6 is the first test row.
  const splitFile = (bad: string) =>
    `a,b,split\n${rows(20)
      .map((l, i) => `${i === 4 ? l.replace(/,[^,]*$/, `,${bad}`) : l},${i % 5 === 4 ? 'test' : 'train'}`)
      .join('\n')}\n`;

  it('names line 6 for an Inf in the first test row, for a model that accepts missing values (GMM) and one that does not (FA)', async () => {
    const p = await w.file('inf-split.csv', splitFile('Inf'));
    const gmm = await run(['fit', ...GMM, p]);
    expect(gmm.code).toBe(1);
    expect(linesOf(gmm.stderr)).toEqual([
      `latentkit: ${p}:6: column 'b' (2): expected a finite number, got Infinity (leave the cell empty or write NA if the value is missing)`,
    ]);
    const ppca = await run(['fit', 'factor/ppca', p, '--set', 'nComponents=1', '--set', 'method=em']);
    expect(ppca.code).toBe(1);
    expect(linesOf(ppca.stderr)).toEqual([
      `latentkit: ${p}:6: column 'b' (2): expected a finite number, got Infinity (leave the cell empty or write NA if the value is missing)`,
    ]);
    const fa = await run(['fit', 'factor/fa', p, '--set', 'nComponents=1']);
    expect(linesOf(fa.stderr)).toEqual([`latentkit: ${p}:6: column 'b' (2): expected a finite number, got "Inf"`]);
  });

  it('names the line of the --test file, and of a scored file whose columns are reordered to the model', async () => {
    const train = await w.file('train.csv', `a,b\n${rows(20).join('\n')}\n`);
    const test = await w.file('test.csv', `a,b\n${rows(5).join('\n')}\n1,3e20\n`);
    const r = await run(['fit', ...GMM, train, '--test', test, '--out', `${w.dir}/ab.json`]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([
      `latentkit: ${test}:7: column 'b' (2): 3e+20 is too large: its square overflows float32 (|x| must be at most 1.84e19); rescale the column`,
    ]);
    expect((await run(['fit', ...GMM, train, '--out', `${w.dir}/ab.json`])).code).toBe(0);
    const swapped = await w.file('ba.csv', `b,a\n${rows(5).join('\n')}\n-2e20,1\n`);
    const s = await run(['score', `${w.dir}/ab.json`, swapped]);
    expect(s.code).toBe(1);
    expect(linesOf(s.stderr)).toEqual([
      `latentkit: ${swapped}:7: column 'b' (2): -2e+20 is too large: its square overflows float32 (|x| must be at most 1.84e19); rescale the column`,
    ]);
  });
});

describe('values whose square overflows float32', () => {
  const huge = (v: string) =>
    `a,b,c\n${rows(30)
      .map((l, i) => `${l},${((i * 7) % 11) - 5}`)
      .map((l, i) => (i === 5 ? l.replace(/^[^,]*/, v) : l))
      .join('\n')}\n`;

  it('are one line naming file, line and column before a GMM or a factor model sees them', async () => {
    const p = await w.file('huge.csv', huge('3e20'));
    for (const model of [GMM, ['factor/fa', '--set', 'nComponents=1']]) {
      const r = await run(['fit', ...model, p]);
      expect(r.code).toBe(1);
      expect(linesOf(r.stderr)).toEqual([
        `latentkit: ${p}:7: column 'a' (1): 3e+20 is too large: its square overflows float32 (|x| must be at most 1.84e19); rescale the column`,
      ]);
    }
  });

  it('pass up to 1.8e19 (below sqrt(float32 max) = 1.8446744e19)', async () => {
    const p = await w.file('big-ok.csv', huge('1.8e19'));
    const r = await run(['fit', 'factor/fa', p, '--set', 'nComponents=1', '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('columns that look like class labels', () => {
  const iris = (name: string) =>
    `sepal,petal,${name}\n${rows(24)
      .map((l, i) => `${l},${i % 3}`)
      .join('\n')}\n`;

  it('are used as features after a one-line note naming --label, for label, class, species, target and y in any case', async () => {
    for (const name of ['species', 'Class', 'LABEL', 'target', 'y']) {
      const p = await w.file(`labelled-${name}.csv`, iris(name));
      const r = await run(['fit', ...GMM, p, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).d).toBe(3);
      expect(linesOf(r.stderr)).toEqual([
        `note: ${p}: column '${name}' looks like a class label but is used as a feature; pass --label ${name} to leave it out (or --columns to choose the features, which silences this note)`,
      ]);
    }
  });

  it('give no note with --label or --columns, nor for other names or a continuous y', async () => {
    const p = await w.file('labelled.csv', iris('species'));
    const label = await run(['fit', ...GMM, p, '--label', 'species', '--json']);
    expect([label.code, JSON.parse(label.stdout).d, linesOf(label.stderr)]).toEqual([0, 2, []]);
    const cols = await run(['fit', ...GMM, p, '--columns', 'sepal,species', '--json']);
    expect([cols.code, linesOf(cols.stderr)]).toEqual([0, []]);
    const other = await run(['fit', ...GMM, await w.file('yield.csv', iris('yield')), '--json']);
    expect([other.code, linesOf(other.stderr)]).toEqual([0, []]);
    const coordinate = await w.file('xy.csv', `x,y\n${rows(24).join('\n')}\n`);
    const xy = await run(['fit', ...GMM, coordinate, '--json']);
    expect([xy.code, linesOf(xy.stderr)]).toEqual([0, []]);
  });
});

describe('compressed files and standard input', () => {
  const csv = `a,b,split\n${rows(25)
    .map((l, i) => `${l},${i % 5 === 4 ? 'test' : 'train'}`)
    .join('\n')}\n`;

  it('fits a .csv.gz and a .tsv.gz as their plain files, and names the file and line of an error inside one', async () => {
    const plain = JSON.parse((await run(['fit', ...GMM, await w.file('plain.csv', csv), '--json'])).stdout);
    const gz = await run(['fit', ...GMM, await gzFile('data.csv.gz', csv), '--json']);
    expect(gz.code, gz.stderr).toBe(0);
    expect(JSON.parse(gz.stdout).train).toEqual(plain.train);
    const tsv = await run(['fit', ...GMM, await gzFile('data.tsv.gz', csv.replace(/,/g, '\t')), '--json']);
    expect(JSON.parse(tsv.stdout).train).toEqual(plain.train);
    const bad = await gzFile('bad.csv.gz', csv.replace('test\n', 'test\n1,x,train\n'));
    const r = await run(['fit', ...GMM, bad]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: ${bad}:7: column 'b' (2): expected a number, got "x"`]);
    const notGz = await w.file('not.csv.gz', csv);
    expect(linesOf((await run(['fit', ...GMM, notGz])).stderr)).toEqual([`latentkit: ${notGz}: cannot decompress the file (not gzip data or corrupt)`]);
  });

  it("reads '-' as CSV from standard input, plain or gzipped, and names it <stdin> in errors", async () => {
    const plain = JSON.parse((await run(['fit', ...GMM, await w.file('plain.csv', csv), '--json'])).stdout);
    const r = await runWithStdin(['fit', ...GMM, '-', '--json'], csv);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).train).toEqual(plain.train);
    expect(linesOf(r.stderr)).toEqual(['note: <stdin> has a split column: fitting its 20 train rows, scoring its 5 test rows']);
    const gz = await runWithStdin(['fit', ...GMM, '-', '--json'], gzipSync(csv));
    expect(JSON.parse(gz.stdout).train).toEqual(plain.train);
    const semi = await runWithStdin(['fit', ...GMM, '-', '--json'], csv.replace(/,/g, ';'));
    expect(JSON.parse(semi.stdout).train).toEqual(plain.train);
    expect(linesOf(semi.stderr)[0]).toBe("note: <stdin>: reading ';'-separated columns (detected); pass --delimiter to override");
    const bad = await runWithStdin(['fit', ...GMM, '-'], 'a,b\n1,2\n3,Inf\n');
    expect(linesOf(bad.stderr)).toEqual([
      "latentkit: <stdin>:3: column 'b' (2): expected a finite number, got Infinity (leave the cell empty or write NA if the value is missing)",
    ]);
  });

  it('scores and transforms standard input with a saved model', async () => {
    const model = `${w.dir}/stdin-model.json`;
    expect((await run(['fit', ...GMM, await w.file('plain.csv', csv), '--out', model])).code).toBe(0);
    const s = await runWithStdin(['score', model, '-', '--json'], csv);
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).n).toBe(25);
    const t = await runWithStdin(['transform', model, '-', '--out', `${w.dir}/latents.csv`], csv);
    expect(t.code, t.stderr).toBe(0);
    expect(linesOf(await readFile(`${w.dir}/latents.csv`, 'utf8'))).toHaveLength(26);
  });

  it('refuses a terminal, and - for both the training and the test data, in one line', async () => {
    const tty = await runWithStdin(['fit', ...GMM, '-'], '', true);
    expect(tty.code).toBe(1);
    expect(linesOf(tty.stderr)).toEqual([
      "latentkit: '-' reads CSV from standard input, but it is a terminal; redirect a file, e.g. latentkit fit mixture/gmm - < data.csv",
    ]);
    const twice = await runWithStdin(['fit', ...GMM, '-', '--test', '-'], csv);
    expect(linesOf(twice.stderr)).toEqual(["latentkit: standard input ('-') can be read only once; give a file for the test data"]);
    const empty = await runWithStdin(['fit', ...GMM, '-'], '');
    expect(linesOf(empty.stderr)).toEqual(['latentkit: <stdin>: empty file (expected a header row and data rows)']);
  });

  it('says in --help that - is CSV on standard input and that .gz files are read', async () => {
    for (const command of ['fit', 'score', 'transform', 'report', 'select']) {
      const r = await run([command, '--help']);
      expect(r.stdout).toContain("'-' reads CSV from standard input");
      expect(r.stdout).toContain('--no-header');
      expect(r.stdout).toContain('--delimiter <char>');
      expect(r.stdout).toContain('gzip-compressed (data.csv.gz)');
    }
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await runWithStdin(['fit', ...GMM, '-', '--json'], csv);
    await run(['fit', ...GMM, await w.file('huge2.csv', 'a,b\n1,2\n3,4e19\n')]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
