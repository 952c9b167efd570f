import { describe, expect, it } from 'vitest';
import { countMatrix, tokenize } from './count-matrix.js';
import { ENGLISH_STOP_WORDS } from './english-stop-words.js';

describe('tokenize', () => {
  it('keeps lowercased ASCII words of three letters or more that are not stop words', () => {
    expect(tokenize('The Union is strong, and 1999 was a good year.')).toEqual(['union', 'strong', 'good', 'year']);
    expect(tokenize('The Union', { stopWords: null })).toEqual(['the', 'union']);
    expect(tokenize('The Union', { lowercase: false, stopWords: [] })).toEqual(['The', 'Union']);
  });

  it('uses Unicode word boundaries like Python: no word next to a letter, digit or underscore', () => {
    // Python: re.findall(r"(?u)\b[a-zA-Z]{3,}\b", "café naïve abc1 abc_def x-ray über-cool") == ['ray', 'cool']
    expect(tokenize('café naïve abc1 abc_def x-ray über-cool', { stopWords: null })).toEqual(['ray', 'cool']);
  });

  it("holds scikit-learn's 318 English stop words", () => {
    expect(ENGLISH_STOP_WORDS.size).toBe(318);
    for (const w of ['the', 'and', 'amoungst', 'thereupon', 'yourselves']) expect(ENGLISH_STOP_WORDS.has(w)).toBe(true);
  });
});

describe('countMatrix', () => {
  const docs = ['apple banana apple', 'banana cherry', 'cherry cherry date', 'apple date elder'];

  it('counts terms per document with an alphabetical vocabulary', () => {
    const x = countMatrix(docs, { minDf: 1, maxDf: 1, stopWords: null });
    expect(x.vocabulary).toEqual(['apple', 'banana', 'cherry', 'date', 'elder']);
    expect(Array.from(x.indptr)).toEqual([0, 2, 4, 6, 9]);
    expect(Array.from(x.indices)).toEqual([0, 1, 1, 2, 2, 3, 0, 3, 4]);
    expect(Array.from(x.data)).toEqual([2, 1, 1, 1, 2, 1, 1, 1, 1]);
  });

  it('prunes by document frequency with counts and proportions as scikit-learn does', () => {
    // df: apple 2, banana 2, cherry 2, date 2, elder 1.
    expect(countMatrix(docs, { minDf: 2, maxDf: 1, stopWords: null }).vocabulary).toEqual(['apple', 'banana', 'cherry', 'date']);
    expect(countMatrix(docs, { minDf: 1, maxDf: 0.3, stopWords: null }).vocabulary).toEqual(['elder']);
    expect(countMatrix(docs, { minDf: 0.5, maxDf: 1, stopWords: null }).vocabulary).toEqual(['apple', 'banana', 'cherry', 'date']);
    expect(() => countMatrix(docs, { minDf: 3, maxDf: 2, stopWords: null })).toThrow('maxDf corresponds to fewer documents (2) than minDf (3)');
    expect(() => countMatrix(docs, { minDf: 2.5 })).toThrow('minDf must be a proportion in [0, 1) or an integer count ≥ 1, got 2.5');
  });
});
