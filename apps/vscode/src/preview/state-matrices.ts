/** A rectangular numeric matrix found in a saved model's state, with the path of keys that leads to it. */
export interface StateMatrix {
  readonly path: string;
  readonly rows: number;
  readonly cols: number;
  /** Row-major values. */
  readonly values: Float64Array;
}

const HEATMAP_NAME = /load|^w$|inclusion|selection|mask|sparsity|spike|pi_?sel|^gamma$|^lambda$|factor/i;
const NOT_HEATMAP = /cov|mean|prec|var|bias|offset|center|centre/i;
/** Parts of neural networks (encoder and decoder layers), whose weights are not loading matrices. */
const NETWORK_PART = /(^|\.)(head|layers?|encoder|decoder|hidden|mlp|net|dense)\d*(\.|\[|$)/i;
const TOPIC_NAME = /topic|component|lambda|beta|phi|word|exp_?dirichlet/i;

/**
 * Every rectangular matrix of finite numbers (an array of equally long number arrays, at least 1 × 1) in a saved
 * state, searched to depth 4 through objects and arrays of objects. Paths are the keys joined by `.`.
 */
export function findMatrices(state: unknown, maxDepth = 4): StateMatrix[] {
  const out: StateMatrix[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > maxDepth || value === null || typeof value !== 'object') return;
    const m = asMatrix(value);
    if (m) {
      out.push({ path, ...m });
      return;
    }
    if (Array.isArray(value)) {
      if (value.length <= 16) value.forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k, depth + 1);
  };
  visit(state, '', 0);
  return out;
}

function asMatrix(value: unknown): { rows: number; cols: number; values: Float64Array } | undefined {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) return undefined;
  const cols = (value[0] as unknown[]).length;
  if (cols === 0) return undefined;
  const out = new Float64Array(value.length * cols);
  for (let i = 0; i < value.length; i++) {
    const row = value[i] as unknown[];
    if (!Array.isArray(row) || row.length !== cols) return undefined;
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      out[i * cols + j] = v;
    }
  }
  return { rows: value.length, cols, values: out };
}

const leaf = (path: string): string =>
  path
    .replace(/\[\d+\]$/, '')
    .split('.')
    .pop() ?? path;

/**
 * Matrices of a state that relate latent dimensions to the data's features and are worth a heatmap: loadings
 * (factor analysis, PPCA), the Sparse VAE's W and its inclusion probabilities, selection masks. A matrix qualifies
 * when one side has `nFeatures` entries and the other `latentDims` (when known, else at most 200), its name looks like
 * a loading or selection matrix and not like means, covariances or biases, and it is not inside a neural network's
 * layers. Each is oriented features × latent dimensions.
 */
export function heatmapMatrices(state: unknown, nFeatures: number, latentDims?: number): StateMatrix[] {
  const latentOk = (n: number) => (latentDims === undefined ? n <= 200 : n === latentDims);
  return findMatrices(state)
    .filter((m) => HEATMAP_NAME.test(leaf(m.path)) && !NOT_HEATMAP.test(leaf(m.path)) && !NETWORK_PART.test(m.path))
    .filter((m) => (m.rows === nFeatures && latentOk(m.cols)) || (m.cols === nFeatures && latentOk(m.rows)))
    .map((m) => (m.rows === nFeatures ? m : transpose(m)));
}

/** The number of latent dimensions a model's hyperparameters declare (`latentDim`, `nComponents`, …), if any. */
export function latentDimsOf(params: Readonly<Record<string, unknown>>): number | undefined {
  for (const name of ['latentDim', 'nLatent', 'nFactors', 'nComponents']) {
    const v = params[name];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  return undefined;
}

/**
 * The topic–word matrix of a topic model: a `K × V` matrix (V = vocabulary size, K ≤ 500 topics) whose name looks
 * like topics/components/λ/β/φ; the first such, else the first `K × V` matrix of any name; undefined if none.
 */
export function topicWordMatrix(state: unknown, vocabularySize: number): StateMatrix | undefined {
  const candidates = findMatrices(state).filter((m) => m.cols === vocabularySize && m.rows <= 500 && m.rows < vocabularySize);
  return candidates.find((m) => TOPIC_NAME.test(leaf(m.path))) ?? candidates[0];
}

/** The matrix transposed, with the same path. */
export function transpose(m: StateMatrix): StateMatrix {
  const values = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) values[j * m.rows + i] = m.values[i * m.cols + j];
  return { path: m.path, rows: m.cols, cols: m.rows, values };
}

/**
 * The `n` heaviest words of each topic (row), with weights normalised to sum to 1 over the row.
 * @example
 * ```ts
 * topWords({ path: 'components', rows: 1, cols: 3, values: Float64Array.from([1, 3, 0]) }, ['a', 'b', 'c'], 2);
 * // [{ topic: 'topic 1', words: [{ word: 'b', weight: 0.75 }, { word: 'a', weight: 0.25 }] }]
 * ```
 */
export function topWords(m: StateMatrix, vocabulary: readonly string[], n = 10): { topic: string; words: { word: string; weight: number }[] }[] {
  return Array.from({ length: m.rows }, (_, k) => {
    const row = m.values.subarray(k * m.cols, (k + 1) * m.cols);
    let total = 0;
    for (const v of row) total += Math.max(v, 0);
    const order = Array.from({ length: m.cols }, (_, j) => j).sort((a, b) => row[b] - row[a] || a - b);
    return {
      topic: `topic ${k + 1}`,
      words: order.slice(0, n).map((j) => ({ word: vocabulary[j] ?? `term ${j + 1}`, weight: total > 0 ? Math.max(row[j], 0) / total : 0 })),
    };
  });
}
