/**
 * numpy's `np.histogram(values, bins)[1]`: bins + 1 equally spaced edges from min to max, computed as numpy's
 * `linspace` does (edgeᵢ = i·((max − min)/bins) + min, the last edge = max); a constant column gets [v − ½, v + ½].
 */
export function histogramEdges(values: ArrayLike<number>, bins: number): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step + lo;
  edges[bins] = hi;
  return edges;
}

/**
 * disentanglement_lib's `_histogram_discretize` for one column: `np.digitize(x, np.histogram(x, bins)[1][:-1])`,
 * i.e. the label of x is the number of the first `bins` edges that are ≤ x (1 … bins for values inside the range).
 * @example
 * ```ts
 * histogramDiscretize([0, 0.5, 1], 2); // [1, 2, 2]
 * ```
 */
export function histogramDiscretize(values: ArrayLike<number>, bins: number): Int32Array {
  const edges = histogramEdges(values, bins);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    let lo = 0;
    let hi = bins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}
