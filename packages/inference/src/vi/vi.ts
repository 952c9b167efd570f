import { createRng, shuffledBatches, type Dataset, type RowSource } from '@latentkit/core';
import {
  API_VERSION,
  defineInference,
  streamedShape,
  type EngineOptions,
  type FitResult,
  type ModelInstance,
  type PrepareContext,
  type ViTerms,
} from '@latentkit/registry';
import { engineParamsOf } from '../driver/engine-params.js';
import { requireTerms, runWithRestarts } from '../driver/restarts.js';
import { disposeAll } from '../driver/tensor-state.js';
import { estimatorParamsOf, knownEstimators, resolveEstimator } from '../estimators/estimator-plugins.js';
import { meta } from '../meta.js';
import { initialDual } from '../multi-objective/lagrangian-dual.js';
import { holdOut } from './holdout.js';
import { createOptimizer } from './optimizer.js';
import { dualSettingsOf } from './training-scheme.js';
import { viDefaults, viParamSpecs, type ViParams } from './vi-params.js';
import { viStepper, type EpochBatches, type ViPrepared, type ViStepper } from './vi-stepper.js';
import { openViPool, subBlocked, type ViPool } from './vi-threads.js';

const KEY = 'inference/vi';
const WHAT = 'VI terms (prepare, nRows, init, variables, loss, evaluate)';

function prepareParts<S, P>(terms: ViTerms<S, P>, data: Dataset, validationFraction: number, seed: number): ViPrepared<P> {
  if (validationFraction <= 0) return { train: terms.prepare(data) };
  // The first split of the root generator seeds the restarts (runWithRestarts); the held-out rows use the second.
  const root = createRng(seed);
  root.split(1);
  const { train, valid } = holdOut(data, validationFraction, root.fork());
  const preparedTrain = terms.prepare(train);
  try {
    return { train: preparedTrain, valid: terms.prepare(valid) };
  } catch (e) {
    disposeAll(preparedTrain);
    throw e;
  }
}

/**
 * Fit a model by amortised stochastic variational inference: maximise the ELBO
 * L(θ, φ) = Σ_i E_{q_φ(z|x_i)}[log p_θ(x_i | z)] − β·KL(q_φ(z | x_i) ‖ p(z)) by stochastic gradient steps on
 * minibatches, with the gradient estimator chosen by the `estimator` parameter: the estimator plugin of that key in
 * `options.estimators` (the registry the model was created from), else the built-in one (`estimatorPlugins`). It
 * must support the model's `latents` and `nParticles` (one-line errors otherwise, naming the estimators that would),
 * and `options.estimatorParams` must fit its `params` (checked with its `defaults` filled in).
 * The parameters ({@link ViParams}) come from `options.engineParams` (the registry resolves them from these
 * defaults, the model's `engineDefaults['inference/vi']` and the caller's), or from the defaults, the model's
 * and `options.maxIter`/`tol` when `fit` is called directly.
 *
 * Each driver iteration is one epoch: the training rows in a fresh seeded permutation, cut into minibatches of
 * `batchSize`; each minibatch takes the gradient of the model's surrogate loss (`ViTerms.loss`) with respect to the
 * model's variables (and a learned baseline's) and applies one Adam or SGD update in place, then `afterStep`.
 * Schedules: the learning rate per epoch (constant, step or exponential decay); the KL weight β·min(1, t/(W·B)) at
 * minibatch step t with W = `klWarmupEpochs` and B steps per epoch; the Gumbel-softmax temperature
 * max(τ_min, τ₀·e^{−rt}). With `nParticles` > 1 the model draws that many samples per row.
 *
 * The objective of an epoch is the mean training ELBO of its minibatches (nats per row). With
 * `validationFraction` > 0 a seeded share of the rows is held out instead: the objective is their ELBO
 * (`ViTerms.evaluate`) after each epoch, training stops after `patience` epochs without improvement, and the best
 * epoch's state is restored (the last trace entry then repeats its objective). `maxIter` is the number of epochs;
 * `tol` (default 0, off) stops when the epoch objective changes by less, and is
 * ignored with early stopping. The importance-weighted bound for evaluation is {@link evaluateVi}.
 *
 * Several objectives (`training`, for models with `ViTerms.objectives`, e.g. a contrastive VAE's background and
 * target losses): 'weighted' (default) minimises the model's `loss` as above. 'mgda' (multiple-gradient descent)
 * takes, per minibatch, each task's gradient g_k (one tape per task, same random numbers), the min-norm weights
 * α = argmin_{α ∈ Δ} ‖Σ_k α_k g_k‖² over the shared variables (those not in `ViTerms.taskVariables`) and updates the
 * shared variables along Σ_k α_k g_k and each task's own variables along g_k (`taskSpecificGrad` 'own') or α_k·g_k
 * ('scaled'); it needs a pathwise estimator, and the trace records each epoch's mean α_k as `extra['mgda.<task>']`.
 * 'constrained' minimises Σ_k L_k + λR by the same optimiser and, after every step, updates λ ≥ 0 from the smoothed
 * constraint R̄ (additive or multiplicative dual ascent towards R̄ ≤ `constraintBound`); the trace records λ and R̄ at
 * the end of each epoch as `extra.lambda` and `extra.constraint`. See {@link mgdaDirection} and {@link updateDual}.
 *
 * Threads (`options.threads`): for a model with `ViTerms.threads`, 'weighted' training and a built-in pathwise
 * estimator, a minibatch of B > S = 128 rows is cut into fixed sub-blocks of S rows; sub-block j (n_j rows, its own
 * generator: child j of the step's) gives the gradient g_j of its mean loss on a block-pool thread from the current
 * weights, and the step follows g = Σ_j (n_j/B)·g_j, summed in sub-block order, so 1, 2 or 8 threads give the same
 * bits. A step gets one thread per 5·10⁷ rows × weights; a minibatch of at most S rows is one ordinary step.
 *
 * Variables are updated in place: the fitted state holds the same variables as the initial one. The signal is
 * checked, and the event loop allowed to run, between minibatches: a cancelled fit stops within one minibatch and
 * returns the state after the last completed one (the trace holds the completed epochs only). The optimiser's slots, the estimator's state and the best-
 * epoch snapshot are freed when the fit ends, also on error or cancellation.
 *
 * References: D. P. Kingma and M. Welling, "Auto-encoding variational Bayes", ICLR 2014; M. D. Hoffman, D. M. Blei,
 * C. Wang and J. Paisley, "Stochastic variational inference", JMLR 2013; D. P. Kingma and J. Ba, "Adam", ICLR 2015;
 * C. K. Sønderby et al., "Ladder variational autoencoders", NeurIPS 2016 (KL warm-up); O. Sener and V. Koltun,
 * "Multi-task learning as multi-objective optimization", NeurIPS 2018 (MGDA); D. J. Rezende and F. Viola, "Taming
 * VAEs", arXiv 1810.00597, 2018 (GECO).
 *
 * @example
 * ```ts
 * const registry = createRegistry().register(vae, ...inferencePlugins, ...estimatorPlugins);
 * const fitted = await registry.create('vae/vae', { epochs: 20 }).fit(data, { engine: 'inference/vi', seed: 0 });
 * ```
 */
export async function fitVi<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): Promise<FitResult<S>> {
  const setup = viSetup(model, data, options);
  return runVi(model, data, options, setup, (d) => prepareParts(setup.terms, d, setup.settings.validationFraction, options.seed));
}

/**
 * {@link fitVi} on rows streamed from `source` (`inference/vi`'s `fitStream`, CLI `fit --stream`), never holding
 * them all: the model's `ViTerms.stream.prepare` reads the summaries it needs in its passes (a VAE: the row count,
 * column means and standard deviations, three passes), then each epoch is one pass over the source through a seeded
 * shuffle buffer of `shuffleBuffer` minibatches ({@link shuffledBatches}), each minibatch prepared by
 * `ViTerms.stream.batch`. Everything else (schedules, optimiser, checkpoints, cancellation) is the in-memory loop's.
 *
 * The shuffling is approximate: a minibatch mixes rows from a window of about `shuffleBuffer × batchSize` rows of the
 * file. With a buffer that holds every row the epoch order is the in-memory one (the same permutation from the same
 * generator), so the streamed fit is the in-memory fit, bit for bit. Early stopping on held-out rows
 * (`validationFraction` > 0) is not streamed.
 */
export async function fitViStream<P, S>(model: ModelInstance<P, S>, source: RowSource, options: EngineOptions): Promise<FitResult<S>> {
  const shape = streamedShape(source);
  const setup = viSetup(model, shape, options);
  const stream = requireTerms(setup.terms.stream, KEY, 'streamed VI terms (vi.stream: prepare, batch)');
  const { settings } = setup;
  if (settings.validationFraction > 0)
    throw new Error(
      `${KEY}: validationFraction ${settings.validationFraction} holds rows out for early stopping, which a streamed fit does not do; set it to 0`,
    );
  const summary = await stream.prepare(source);
  const bufferRows = settings.shuffleBuffer * settings.batchSize;
  return runVi(
    model,
    shape,
    options,
    setup,
    () => ({ train: summary }),
    async function* (rng) {
      for await (const rows of shuffledBatches(source, rng, { batchRows: settings.batchSize, bufferRows })) {
        const identity = Int32Array.from({ length: rows.nRows }, (_, i) => i);
        yield { prepared: stream.batch(summary, rows), batch: identity };
      }
    },
  );
}

interface ViSetup<S> {
  readonly terms: ViTerms<S, unknown>;
  readonly settings: ViParams;
  readonly plugin: ReturnType<typeof resolveEstimator>;
  readonly estimatorParams: Record<string, unknown>;
}

/** The model's terms, the engine and estimator parameters, checked against each other (one-line errors). */
function viSetup<P, S>(model: ModelInstance<P, S>, data: Dataset, options: EngineOptions): ViSetup<S> {
  const terms = requireTerms(model.terms.vi, KEY, WHAT) as ViTerms<S, unknown>;
  const settings = engineParamsOf(KEY, vi, model, options, data);
  const plugin = resolveEstimator(settings.estimator, {
    latents: terms.latents,
    nParticles: settings.nParticles,
    plugins: knownEstimators(options.estimators),
  });
  if (settings.training !== 'weighted' && !terms.objectives)
    throw new Error(
      `${KEY}: training '${settings.training}' needs the model's objectives (ViTerms.objectives, one loss per task); this model has only a weighted loss: use training 'weighted'`,
    );
  if (settings.training === 'mgda' && !plugin.pathwise)
    throw new Error(
      `${KEY}: training 'mgda' needs a pathwise gradient estimator (per-task gradients through ${settings.estimator}'s score terms and baseline are not supported); use estimators/reparam`,
    );
  if (settings.training === 'constrained') initialDual(dualSettingsOf(settings));
  if ((options.checkpointer || options.resume !== undefined) && !plugin.pathwise)
    throw new Error(
      `${KEY}: checkpoints need a pathwise gradient estimator (${settings.estimator} keeps baseline statistics that a checkpoint does not record); use estimators/reparam`,
    );
  // API 1 models set estimator options in viSettings; the caller's estimatorParams win.
  const estimatorParams = estimatorParamsOf(plugin, { ...model.viSettings?.estimatorOptions, ...options.estimatorParams });
  return { terms, settings, plugin, estimatorParams };
}

/** The restarts of the epoch loop on prepared data (and, streamed, the epochs' minibatches). */
async function runVi<P, S>(
  model: ModelInstance<P, S>,
  data: Dataset,
  options: EngineOptions,
  { terms, settings, plugin, estimatorParams }: ViSetup<S>,
  prepare: (data: Dataset) => ViPrepared<unknown>,
  batches?: EpochBatches<unknown>,
): Promise<FitResult<S>> {
  const steppers: ViStepper<S>[] = [];
  let context: PrepareContext | undefined;
  let viPool: ViPool | undefined;
  // The sub-blocks' pool is opened at the first minibatch longer than one sub-block, when the weights are known.
  const pool = subBlocked(terms as ViTerms<unknown, unknown>, settings, plugin)
    ? (state: S) => (viPool ??= openViPool(settings, weightCount(terms.variables(state)), plugin, estimatorParams, context))
    : undefined;
  try {
    const result = await runWithRestarts(
      model,
      data,
      { ...options, maxIter: settings.maxIter },
      {
        key: KEY,
        tol: settings.validationFraction > 0 ? -Infinity : settings.tol,
        prepare: (d, c) => {
          context = c;
          return prepare(d);
        },
        release: () => viPool?.pool.close(),
        stepper: (prepared, rng) => {
          const stepper = viStepper(terms, prepared, rng, settings, plugin.create(estimatorParams), createOptimizer(settings.optimizer), batches, pool);
          steppers.push(stepper);
          return stepper;
        },
      },
    );
    return { ...result, estimatorParams };
  } finally {
    for (const s of steppers) s.release();
  }
}

const weightCount = (variables: readonly { readonly size: number }[]): number => variables.reduce((n, v) => n + v.size, 0);

/**
 * The amortised stochastic variational inference engine plugin (`inference/vi`); see {@link fitVi}.
 * @example
 * ```ts
 * const registry = createRegistry().register(vi, vae);
 * ```
 */
export const vi = defineInference<ViParams>({
  meta: {
    ...meta,
    id: 'vi',
    namespace: 'inference',
    apiVersion: API_VERSION,
    description: 'Amortised stochastic variational inference (minibatch ELBO, Adam or SGD)',
  },
  params: viParamSpecs,
  requires: ['vi'],
  defaults: viDefaults,
  checkpoints: true,
  fit: fitVi,
  fitStream: fitViStream,
});

export default vi;
