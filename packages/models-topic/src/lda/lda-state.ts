import type { Rng } from '@latentkit/core';
import type { LdaTopics } from './lda-topics.js';

/**
 * State of a variational fit: the topic-word parameters λ with their expectations, the count of topic updates so
 * far (scikit-learn's `n_batch_iter_`, which sets the next online step size) and, for batch fits, the generator
 * of the E-step's random starting points.
 */
export interface LdaVbState extends LdaTopics {
  readonly kind: 'vb';
  /** 1 + the number of updates of λ so far (batch iterations and online minibatches). */
  readonly nBatchIter: number;
  readonly rng?: Rng;
  /** Documents seen before this fit and their mean length: set on a fitted model's state, carried by every update. */
  readonly seen?: { readonly docs: number; readonly meanDocLength: number };
  /**
   * D, the number of documents a minibatch update stands for (λ ← (1 − ρ)λ + ρ(η + (D/|B|)·S_B)): set on a fitted
   * model's state to `totalSamples`, so that continuing it online is scikit-learn's `partial_fit`; absent in a fresh
   * fit, where D is the number of rows fitted (scikit-learn's online `fit`).
   */
  readonly corpusSize?: number;
  /** Documents and tokens of a streamed fit's source (set by the streamed terms; an in-memory fit counts its data). */
  readonly streamed?: { readonly docs: number; readonly tokens: number };
}

/**
 * State of a collapsed Gibbs chain (Griffiths & Steyvers 2004): the topic of every token and the count tables
 * n_dk (D×K), n_wk (V×K, word-major) and n_k.
 */
export interface LdaGibbsState {
  readonly kind: 'gibbs';
  readonly k: number;
  readonly v: number;
  readonly z: Int32Array;
  readonly ndk: Int32Array;
  readonly nwk: Int32Array;
  readonly nk: Int32Array;
}

/** What any `topic/lda` engine works on. */
export type LdaState = LdaVbState | LdaGibbsState;
