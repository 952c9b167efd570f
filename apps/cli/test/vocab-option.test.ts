import { initBackend } from '@latentkit/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, run, workDir } from './helpers.js';

const WORDS = ['apple', 'banana', 'cherry', 'piano', 'violin', 'guitar'];

/** 20 documents × 6 words: documents 1–10 use only the fruit (words 1–3), documents 11–20 only the instruments (4–6). */
function countsMtx(): string {
  const entries: string[] = [];
  for (let doc = 1; doc <= 20; doc++) {
    const first = doc <= 10 ? 1 : 4;
    for (let w = 0; w < 3; w++) entries.push(`${doc} ${first + w} ${1 + ((doc + w) % 4)}`);
  }
  return `%%MatrixMarket matrix coordinate integer general\n20 6 ${entries.length}\n${entries.join('\n')}\n`;
}

const LDA = ['--set', 'nComponents=2', '--set', 'maxIter=30', '--seed', '1'];

let w: Awaited<ReturnType<typeof workDir>>;
beforeAll(async () => {
  await initBackend();
  w = await workDir('vocab');
});
afterAll(() => w.cleanup());

describe('--vocab and vocabularies beside a .mtx', () => {
  it('--vocab names the topics: fit prints words, the model file keeps them, report shows them', async () => {
    const mtx = await w.file('counts.mtx', countsMtx());
    const words = await w.file('words.txt', `${WORDS.join('\n')}\n`);
    const model = join(w.dir, 'lda.json');
    const r = await run(['fit', 'topic/lda', mtx, ...LDA, '--vocab', words, '--out', model]);
    expect(r.code).toBe(0);
    const topics = linesOf(r.stdout).filter((l) => /^ {4}topic \d: /.test(l));
    expect(topics).toHaveLength(2);
    // The two topics separate the fruit from the instruments: each topic's top 3 words are one group.
    const top3 = topics.map((l) =>
      l
        .replace(/^ {4}topic \d: /, '')
        .split(' ')
        .slice(0, 3)
        .sort(),
    );
    expect(top3.map((t) => t.join(' ')).sort()).toEqual(['apple banana cherry', 'guitar piano violin']);
    const saved = JSON.parse(await readFile(model, 'utf8'));
    expect(saved.data.columns).toEqual(WORDS);
    const html = join(w.dir, 'lda.html');
    const report = await run(['report', model, '--out', html, '--data', mtx]);
    expect(report.code).toBe(0);
    expect(await readFile(html, 'utf8')).toMatch(/<td>(apple|banana|cherry|piano|violin|guitar)( (apple|banana|cherry|piano|violin|guitar))+<\/td>/);
  });

  it.each([
    ['a', 'a.vocab'],
    ['b', 'b_vocab.txt'],
  ])('picks up the vocabulary beside %s.mtx (%s), with a one-line note on stderr, in fit and score', async (base, name) => {
    const mtx = await w.file(`${base}.mtx`, countsMtx());
    const vocab = await w.file(name, `${WORDS.join('\r\n')}\r\n`);
    const note = `note: using the vocabulary ${vocab} for ${mtx} (one word per column; --vocab overrides it)`;
    const model = join(w.dir, `${base}.json`);
    const r = await run(['fit', 'topic/lda', mtx, ...LDA, '--out', model]);
    expect(r.code).toBe(0);
    expect(linesOf(r.stderr)[0]).toBe(note);
    expect(JSON.parse(await readFile(model, 'utf8')).data.columns).toEqual(WORDS);
    // score reads the same vocabulary and checks it against the model's words.
    const score = await run(['score', model, mtx, '--json']);
    expect(score.code).toBe(0);
    expect(linesOf(score.stderr)).toEqual([note]);
  });

  it('a vocabulary with the wrong number of words is one line naming the file and both counts', async () => {
    const mtx = await w.file('short.mtx', countsMtx());
    const words = await w.file('five.txt', `${WORDS.slice(0, 5).join('\n')}\n`);
    const r = await run(['fit', 'topic/lda', mtx, ...LDA, '--vocab', words]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(linesOf(r.stderr)).toEqual([`latentkit: ${words}: 5 words, but ${mtx} has 6 columns (expected one word per column)`]);
  });

  it('a blank line in the vocabulary is one line naming the file and line', async () => {
    const mtx = await w.file('blank.mtx', countsMtx());
    const words = await w.file('blank.txt', 'apple\nbanana\n\npiano\nviolin\nguitar\n');
    const r = await run(['fit', 'topic/lda', mtx, ...LDA, '--vocab', words]);
    expect(linesOf(r.stderr)).toEqual([`latentkit: ${words}:3: empty line (expected one word per line)`]);
  });

  it('--vocab for a file that is not a .mtx is one line', async () => {
    const words = await w.file('w.txt', 'a\nb\n');
    const r = await run(['fit', 'mixture/gmm', w.faithful, '--vocab', words]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: --vocab ${words} names the words of a .mtx count matrix, but ${w.faithful} is not a .mtx file`]);
  });

  it('score rejects data whose vocabulary differs from the model’s, in one line', async () => {
    const mtx = await w.file('train.mtx', countsMtx());
    const words = await w.file('train-words.txt', `${WORDS.join('\n')}\n`);
    const model = join(w.dir, 'train.json');
    expect((await run(['fit', 'topic/lda', mtx, ...LDA, '--vocab', words, '--out', model])).code).toBe(0);
    const shuffled = await w.file('shuffled.txt', `${['banana', ...WORDS.slice(1, 6)].join('\n')}\n`);
    const r = await run(['score', model, mtx, '--vocab', shuffled]);
    expect(r.code).toBe(1);
    expect(linesOf(r.stderr)).toEqual([`latentkit: ${mtx}: the model in ${model} was trained on another vocabulary: column 1 is 'banana', expected 'apple'`]);
  });
});
