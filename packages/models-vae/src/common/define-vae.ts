import { API_VERSION, defineModel, type ModelInstance, type ModelPlugin, type ParamSpecs } from '@latentkit/registry';
import { meta } from '../meta.js';
import type { DataInfo } from './vae-data.js';
import type { VaeFamily, VaeState } from './vae-family.js';
import { vaeFromResult } from './vae-fitted.js';
import type { VaeTrainingParams } from './vae-params.js';
import { restoreVae } from './vae-restore.js';
import { vaeTerms } from './vae-terms.js';

/** What {@link defineVaeModel} needs besides the family. */
export interface VaeModelDefinition<P extends VaeTrainingParams> {
  readonly family: VaeFamily<P>;
  readonly description: string;
  readonly params: ParamSpecs<P>;
  readonly defaults: P;
}

/**
 * The model instance of a family member for validated hyperparameters: its VI terms, and its training
 * hyperparameters (epochs, batchSize, learningRate, beta, klWarmupEpochs, estimator, nParticles) as its defaults for
 * the parameters of `inference/vi`, which `FitOptions.engineParams` (`--engine-set`) override.
 */
export function createVaeInstance<P extends VaeTrainingParams>(family: VaeFamily<P>, params: P): ModelInstance<P, VaeState> {
  // A streamed fit's column summaries, for the fitted model's notices (the fitted model gets the rows' shape only).
  let streamed: DataInfo | undefined;
  return {
    params,
    terms: { vi: vaeTerms(family, params, (info) => (streamed = info)) },
    maxIter: params.epochs,
    // Every epoch runs unless the caller passes a tolerance: ELBO changes per epoch are noisy.
    tol: 0,
    engineDefaults: {
      'inference/vi': {
        maxIter: params.epochs,
        batchSize: params.batchSize,
        learningRate: params.learningRate,
        optimizer: 'adam',
        beta: params.beta,
        klWarmupEpochs: params.klWarmupEpochs,
        estimator: params.estimator,
        nParticles: params.nParticles,
        ...family.viDefaults?.(params),
      },
    },
    fitted: (result, data, info) => vaeFromResult(family, params, result, data, info, streamed),
  };
}

/** Build a model plugin (`vae/<id>`) from a family member: VI terms, fitted model, restore from a saved file. */
export function defineVaeModel<P extends VaeTrainingParams>(def: VaeModelDefinition<P>): ModelPlugin<P, VaeState> {
  const [namespace, id] = def.family.key.split('/');
  return defineModel<P, VaeState>({
    meta: { ...meta, id, namespace, apiVersion: API_VERSION, description: def.description },
    params: def.params,
    defaults: def.defaults,
    // A family that reads row groups (the contrastive VAE) declares it, so the registry asks for `--group` in one line.
    data: { kind: 'dense', allowsMissing: false, minRows: 2, ...(def.family.rowGroups && { groups: true }) },
    supports: ['inference/vi'],
    create: (params) => createVaeInstance(def.family, params),
    restore: (saved) => restoreVae(def.family, saved),
  });
}
