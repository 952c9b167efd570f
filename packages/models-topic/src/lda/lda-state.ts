import type { Rng } from '@latentkit/core';
import type { LdaTopics } from './lda-topics.js';

/**
 * State of a variational fit: the topic-word parameters λ with their expectations, the count of topic updates so
 * far (scikit-learn's `n_batch_iter_`, which sets the next online step size) and, for batch fits, the generator
 * of the E-step's random starting points.
 */
export interface LdaVbState extends LdaTopics {
  /** Discriminant of {@link LdaState}: a variational state (batch, online or CAVI fits, and every fitted model). */
  readonly kind: 'vb';
  /** 1 + the number of updates of λ so far (batch iterations and online minibatches). */
  readonly nBatchIter: number;
  /** The seeded generator of the E-step's random starting points γ (batch fits); absent once fitted. */
  readonly rng?: Rng;
  /** Documents seen before this fit and their mean length: set on a fitted model's state, carried by every update. */
  readonly seen?: {
    /** Number of documents seen. */
    readonly docs: number;
    /** Their mean number of tokens (Σ of counts per document). */
    readonly meanDocLength: number;
  };
  /**
   * D, the number of documents a minibatch update stands for (λ ← (1 − ρ)λ + ρ(η + (D/|B|)·S_B)): set on a fitted
   * model's state to `totalSamples`, so that continuing it online is scikit-learn's `partial_fit`; absent in a fresh
   * fit, where D is the number of rows fitted (scikit-learn's online `fit`).
   */
  readonly corpusSize?: number;
  /** Documents and tokens of a streamed fit's source (set by the streamed terms; an in-memory fit counts its data). */
  readonly streamed?: {
    /** Number of documents of the source. */
    readonly docs: number;
    /** Number of tokens of the source (Σ of all counts). */
    readonly tokens: number;
  };
}

/**
 * State of a collapsed Gibbs chain (Griffiths & Steyvers 2004): the topic of every token and the count tables
 * n_dk (D×K), n_wk (V×K, word-major) and n_k.
 */
export interface LdaGibbsState {
  /** Discriminant of {@link LdaState}: a collapsed Gibbs chain. */
  readonly kind: 'gibbs';
  /** Number of topics K. */
  readonly k: number;
  /** Vocabulary size V. */
  readonly v: number;
  /** The topic z_t ∈ {0, …, K − 1} of every token t (N tokens, document by document, words in column order). */
  readonly z: Int32Array;
  /** n_dk, the tokens of document d assigned to topic k (D×K, row-major). */
  readonly ndk: Int32Array;
  /** n_wk, the tokens of word w assigned to topic k (V×K, word-major). */
  readonly nwk: Int32Array;
  /** n_k = Σ_w n_wk, the tokens assigned to topic k (K). */
  readonly nk: Int32Array;
}

/** What any `topic/lda` engine works on. */
export type LdaState = LdaVbState | LdaGibbsState;
