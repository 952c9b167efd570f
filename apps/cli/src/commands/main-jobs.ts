/** One fit of `latentkit main`: a model with its hyperparameters on a bundled real data set. */
export interface MainJob {
  /** Registry key of the model. */
  readonly model: string;
  /** Registry key of the dataset plugin; its `split` column gives the train and test rows. */
  readonly dataset: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed?: number;
}

/**
 * The fits `latentkit main` runs, in order. Adding a model to the quick start is one entry here
 * (its plugin must be in `BUILTIN_PLUGINS`).
 */
export const MAIN_JOBS: readonly MainJob[] = [
  { model: 'mixture/gmm', dataset: 'datasets/faithful', params: { nComponents: 2 } },
  { model: 'mixture/gmm', dataset: 'datasets/iris', params: { nComponents: 3 } },
  { model: 'mixture/gmm', dataset: 'datasets/penguins', params: { nComponents: 3 } },
  { model: 'mixture/bayesian-gmm', dataset: 'datasets/iris', params: { nComponents: 6 } },
  { model: 'factor/fa', dataset: 'datasets/wine', params: { nComponents: 3, rotation: 'varimax', noiseVarianceInit: 'variance' } },
  { model: 'factor/ppca', dataset: 'datasets/iris', params: { nComponents: 2 } },
  { model: 'topic/lda', dataset: 'datasets/sotu', params: { nComponents: 10, maxIter: 50 } },
  { model: 'vae/sparse-vae', dataset: 'datasets/sparse-vae-sim', params: { epochs: 40, klWarmupEpochs: 10 } },
  { model: 'dde/dde', dataset: 'datasets/dde-two-layer', params: { likelihood: 'bernoulli', layers: [6, 2] } },
];
