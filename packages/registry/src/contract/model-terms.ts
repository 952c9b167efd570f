/**
 * The terms a model exposes, keyed by the capability an inference engine `requires`. Open by declaration merging:
 * each engine declares its own terms, the built-in ones in `./terms/*.ts`, a third-party engine in its own package:
 * ```ts
 * declare module '@latentkit/registry' {
 *   interface ModelTerms<S> { readonly saem?: SaemTerms<S> }
 * }
 * ```
 * The type parameter must be named `S` in every declaration.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
export interface ModelTerms<S> {}

/** Name of a term set an engine can require (`'em'`, `'vi'`, … and whatever plugins declare). */
export type TermsName = keyof ModelTerms<unknown> & string;
