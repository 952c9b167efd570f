import type { Registry } from '@latentkit/registry';
import { buildPreview } from '../preview/build-preview.js';
import { runInspectJob } from './inspect-job.js';
import type { InspectResult, Job, Progress, TrainResult } from './protocol.js';
import type { PreviewContent } from '../webviews/latent-preview/protocol.js';
import { runTrainJob } from './train-job.js';

/** Hooks a job runs with. */
export interface JobEnv {
  readonly registry: Registry;
  readonly signal: AbortSignal;
  readonly onProgress: (p: Progress) => void;
  /** Start tfjs (once); jobs that compute with tensors call it first. */
  readonly startBackend: () => Promise<unknown>;
  /** Worker threads of a training job; absent: automatic. */
  readonly threads?: number;
}

/** Run one job of the training worker. */
export async function runJob(job: Job, env: JobEnv): Promise<InspectResult | TrainResult | PreviewContent> {
  switch (job.kind) {
    case 'inspect':
      return runInspectJob(job, env.registry);
    case 'train':
      await env.startBackend();
      return runTrainJob(job, env.registry, env);
    case 'preview':
      await env.startBackend();
      return buildPreview(job.modelFile, env.registry);
  }
}
