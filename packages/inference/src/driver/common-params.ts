import { int, real, type ParamSpecs } from '@latentkit/registry';

/** The two parameters every engine has. */
export type IterationParams = {
  /** Most iterations per run (≥ 1; what one iteration is depends on the engine). */
  readonly maxIter: number;
  /** Stop when the objective changes by less than this between iterations (≥ 0; 0: run `maxIter` iterations). */
  readonly tol: number;
};

/**
 * Specs of `maxIter` and `tol` worded for one engine: `iteration` names what one iteration is (an EM step, a sweep,
 * a pass over the data), `tol` replaces the stopping rule's description where it differs.
 * @example
 * ```ts
 * iterationSpecs('EM steps per run').maxIter.description; // 'Most EM steps per run.'
 * ```
 */
export function iterationSpecs(
  iterations: string,
  tol = 'Stop when the objective changes by less than this (0: run maxIter iterations).',
): ParamSpecs<IterationParams> {
  return { maxIter: int({ min: 1, description: `Most ${iterations}.` }), tol: real({ min: 0, description: tol }) };
}
