import { optimalAssignment } from '@latentkit/core';

/** A graph G^(d) (children × K_d) as 0/1 values, booleans, or coefficients (an entry is an edge when |value| > threshold). */
export type GraphMatrix = readonly (readonly (number | boolean)[])[];

/** What {@link matchLayeredGraphs} finds. */
export interface LayeredGraphMatch {
  /** Overall accuracy (Σ matching entries)/(Σ entries) over every layer. */
  readonly value: number;
  /** Accuracy mean(G^(d) == Ĝ^(d)) of each layer after matching, bottom-up. */
  readonly layers: number[];
  /** `permutations[d − 1][k]` is the fitted latent of layer d matched to true latent k. */
  readonly permutations: number[][];
  /** Number of graph entries where the matched fitted graph agrees with the true one, over every layer. */
  readonly matches: number;
  /** Number of graph entries compared, over every layer (`value` = matches/entries). */
  readonly entries: number;
}

const edge = (v: number | boolean, threshold: number): boolean => Math.abs(Number(v)) > threshold;

/** Check the two stacks of graphs: the same number of layers and shapes, rows of layer d = width of layer d − 1. */
function checkShapes(label: string, truth: readonly GraphMatrix[], fitted: readonly GraphMatrix[]): number[] {
  if (truth.length === 0) throw new Error(`${label}: truth has no layers`);
  if (fitted.length !== truth.length) throw new Error(`${label}: truth has ${truth.length} layers but fitted has ${fitted.length}`);
  const widths: number[] = [];
  for (const [name, stack] of [
    ['truth', truth],
    ['fitted', fitted],
  ] as const) {
    stack.forEach((g, d) => {
      const k = g[0]?.length ?? 0;
      if (g.length === 0 || k === 0) throw new Error(`${label}: layer ${d + 1} of ${name} is empty`);
      g.forEach((row, r) => {
        if (row.length !== k) throw new Error(`${label}: layer ${d + 1} of ${name}, row ${r + 1} has ${row.length} entries, expected ${k}`);
      });
      if (d > 0 && g.length !== stack[d - 1][0].length)
        throw new Error(`${label}: layer ${d + 1} of ${name} has ${g.length} rows, expected ${stack[d - 1][0].length} (the width of layer ${d})`);
      if (name === 'truth') widths.push(k);
      else if (g.length !== truth[d].length || k !== widths[d])
        throw new Error(`${label}: layer ${d + 1} of fitted is ${g.length}×${k} but truth's is ${truth[d].length}×${widths[d]}`);
    });
  }
  return widths;
}

/**
 * Match the latent labels of a fitted layered graph to the truth's, layer by layer from the bottom, and score the
 * supports (ALGORITHMS.md §2.8). Layer 1's rows are the observed columns, in the same order in both. For d = 1 … D,
 * with π_{d−1} the matching of layer d − 1 (the identity on the observed columns), π_d is the permutation of the
 * columns of Ĝ^(d) maximising the agreement Σ_{r,k} 1{G^(d)_{r,k} = Ĝ^(d)_{π_{d−1}(r), π_d(k)}} (Hungarian algorithm
 * on the K_d × K_d agreement counts). Ties go to the assignment the algorithm finds first.
 */
export function matchLayeredGraphs(label: string, truth: readonly GraphMatrix[], fitted: readonly GraphMatrix[], threshold = 0): LayeredGraphMatch {
  const widths = checkShapes(label, truth, fitted);
  const permutations: number[][] = [];
  const layers: number[] = [];
  let [matches, entries] = [0, 0];
  let rowMap: (r: number) => number = (r) => r;
  widths.forEach((k, d) => {
    const [g, h] = [truth[d], fitted[d]];
    const agree = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let r = 0; r < g.length; r++) {
      const hr = h[rowMap(r)];
      for (let a = 0; a < k; a++) {
        const t = edge(g[r][a], threshold);
        for (let b = 0; b < k; b++) if (t === edge(hr[b], threshold)) agree[a][b] += 1;
      }
    }
    const perm = Array.from(optimalAssignment(agree, { maximize: true }).rowToCol);
    const m = perm.reduce((s, b, a) => s + agree[a][b], 0);
    permutations.push(perm);
    layers.push(m / (g.length * k));
    matches += m;
    entries += g.length * k;
    rowMap = (r) => perm[r];
  });
  return { value: matches / entries, layers, permutations, matches, entries };
}
