import { categoricalVariate, createRng, cumulativeProbabilities, dirichletVariate, poissonVariate, splitByRowIndex, type CountDataset } from '@latentkit/core';
import { checkInt, checkPositive, type Synthetic } from './common.js';

/** Options of {@link ldaCorpus}. */
export interface LdaCorpusOptions {
  /** Number of documents D (default 200). */
  readonly nDocs?: number;
  /** Vocabulary size V (default 500). */
  readonly vocabSize?: number;
  /** Number of topics K (default 5). */
  readonly nTopics?: number;
  /** Mean document length ξ: N_d ~ Poisson(ξ) (default 100). */
  readonly docLength?: number;
  /** Document-topic concentration α (default 0.1; scikit-learn's `doc_topic_prior`). */
  readonly alpha?: number;
  /** Topic-word concentration η (default 0.01; scikit-learn's `topic_word_prior`). */
  readonly eta?: number;
  /** Seed of the generator (the datasets/… plugins default it to 0); equal seeds give equal data and truth. */
  readonly seed: number;
}

/** Ground truth of {@link ldaCorpus}. */
export interface LdaCorpusTruth {
  /** Topic proportions θ_d (D × K, row-major; rows sum to 1). */
  readonly theta: Float64Array;
  /** Topic-word distributions β_k (K × V; rows sum to 1). */
  readonly beta: number[][];
  /** Length N_d of each document. */
  readonly docLengths: Int32Array;
}

/**
 * A corpus from the LDA generative process (Blei, Ng & Jordan 2003):
 *
 * β_k ~ Dirichlet(η·1_V), k = 1..K; for each document d: θ_d ~ Dirichlet(α·1_K), N_d ~ Poisson(ξ),
 * and for each of its N_d words: z ~ Categorical(θ_d), w ~ Categorical(β_z).
 *
 * Returns the document-term counts in CSR form with vocabulary `w001..` and rows `doc1..`; the topics β come from
 * their own random stream, so they do not depend on the number of documents. `split` follows the row-index rule.
 * @example
 * ```ts
 * const { data, truth } = ldaCorpus({ nDocs: 500, vocabSize: 1000, nTopics: 10, seed: 0 });
 * ```
 * References: D. M. Blei, A. Y. Ng and M. I. Jordan, "Latent Dirichlet Allocation", JMLR 3, 2003.
 */
export function ldaCorpus(options: LdaCorpusOptions): Synthetic<CountDataset, LdaCorpusTruth> {
  const { nDocs = 200, vocabSize = 500, nTopics = 5, docLength = 100, alpha = 0.1, eta = 0.01, seed } = options;
  checkInt('nDocs', nDocs, 1);
  checkInt('vocabSize', vocabSize, 1);
  checkInt('nTopics', nTopics, 1);
  checkPositive('docLength', docLength, true);
  checkPositive('alpha', alpha);
  checkPositive('eta', eta);
  const [topicRng, docRng] = createRng(seed).split(2);

  const beta = Array.from({ length: nTopics }, () => Array.from(dirichletVariate(topicRng, new Array<number>(vocabSize).fill(eta))));
  const betaCdf = beta.map(cumulativeProbabilities);
  const alphaVec = new Array<number>(nTopics).fill(alpha);
  const theta = new Float64Array(nDocs * nTopics);
  const docLengths = new Int32Array(nDocs);
  const indptr = new Int32Array(nDocs + 1);
  const indices: number[] = [];
  const data: number[] = [];
  const counts = new Float64Array(vocabSize);
  const touched: number[] = [];

  for (let d = 0; d < nDocs; d++) {
    const th = dirichletVariate(docRng, alphaVec);
    theta.set(th, d * nTopics);
    const thCdf = cumulativeProbabilities(th);
    const len = poissonVariate(docRng, docLength);
    docLengths[d] = len;
    for (let w = 0; w < len; w++) {
      const topic = categoricalVariate(docRng, thCdf);
      const word = categoricalVariate(docRng, betaCdf[topic]);
      if (counts[word] === 0) touched.push(word);
      counts[word]++;
    }
    touched.sort((a, b) => a - b);
    for (const word of touched) {
      indices.push(word);
      data.push(counts[word]);
      counts[word] = 0;
    }
    touched.length = 0;
    indptr[d + 1] = indices.length;
  }
  const width = String(vocabSize).length;
  return {
    data: {
      kind: 'counts',
      nRows: nDocs,
      nCols: vocabSize,
      indptr,
      indices: Int32Array.from(indices),
      data: Float64Array.from(data),
      vocabulary: Array.from({ length: vocabSize }, (_, j) => `w${String(j + 1).padStart(width, '0')}`),
      rowNames: Array.from({ length: nDocs }, (_, d) => `doc${d + 1}`),
      split: splitByRowIndex(nDocs),
      source: 'lda-corpus',
    },
    truth: { theta, beta, docLengths },
  };
}
