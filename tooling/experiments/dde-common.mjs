// Helpers shared by the dde-*.mjs experiments.

/** The value after `--name` on the command line, or `fallback`. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

/** A layer selection's spectral-gap ratios as { k: σ_k/σ_{k+1} } (4 decimals). */
export const gapRatios = (selection) => Object.fromEntries(selection.grid.map((k, t) => [k, Number(selection.ratios[t].toFixed(4))]));

/** The `n` largest ratios as "k: ratio, …". */
export const largestRatios = (ratios, n = 4) =>
  Object.entries(ratios)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, r]) => `${k}: ${r.toFixed(2)}`)
    .join(', ');
