/**
 * The SAEM chain of a DDE: the current draw of every latent layer, bottom-up, each N × K_d row-major 0/1.
 * The samplers cache the children's linear predictors per row while they sweep it (see `row-conditionals.ts`), so
 * the chain itself is only the latents.
 */
export interface DdeChain {
  readonly latents: readonly Uint8Array[];
}

/** A copy of a chain's latents, for a sweep to write into. */
export const copyLatents = (chain: DdeChain): Uint8Array[] => chain.latents.map((a) => a.slice());
