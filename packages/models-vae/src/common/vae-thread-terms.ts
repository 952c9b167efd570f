import type { ViTerms } from '@latentkit/registry';

/** What a worker thread of `inference/vi` rebuilds a VAE's terms from: the model's registry key and hyperparameters. */
export interface VaeThreadArgs {
  readonly key: string;
  readonly params: unknown;
}

/**
 * The `inference/vi` terms of the VAE-family model `args.key` with hyperparameters `args.params`, as a worker thread
 * of the engine's block pool builds them (`ViThreadTerms.module`). The package's plugins are imported when it is
 * first called, so that this module imports no plugin file itself.
 */
export async function viTerms(args: VaeThreadArgs): Promise<ViTerms<unknown, unknown>> {
  const { plugins } = await import('../index.js');
  const plugin = plugins.find((p) => `${p.meta.namespace}/${p.meta.id}` === args.key);
  const terms = plugin?.create(args.params as never).terms.vi;
  if (!terms) throw new Error(`@latentkit/models-vae has no VI model '${args.key}'`);
  return terms as ViTerms<unknown, unknown>;
}
