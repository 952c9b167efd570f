import { patternKey } from './pattern-key.js';

/**
 * A growable table of configurations of one layer's latents with their weight and per-child weighted sums, keyed by
 * {@link patternKey}. Shared by the statistics builder and `averageStats`.
 */
export class PatternTable {
  readonly index = new Map<number | string, number>();
  readonly keys: (number | string)[] = [];
  patterns: Uint8Array;
  weights: Float64Array;
  sums: Float64Array;
  size = 0;
  readonly width: number;
  readonly nSums: number;

  constructor(width: number, nSums: number, capacity = 16) {
    this.width = width;
    this.nSums = nSums;
    this.patterns = new Uint8Array(capacity * width);
    this.weights = new Float64Array(capacity);
    this.sums = new Float64Array(capacity * nSums);
  }

  /** The row of the configuration `a[offset … offset + width)`, inserted with zero sums if new. */
  slot(a: Uint8Array, offset: number, key: number | string = patternKey(a, offset, this.width)): number {
    const found = this.index.get(key);
    if (found !== undefined) return found;
    if (this.size === this.weights.length) this.grow();
    const at = this.size++;
    this.index.set(key, at);
    this.keys.push(key);
    for (let k = 0; k < this.width; k++) this.patterns[at * this.width + k] = a[offset + k];
    return at;
  }

  private grow(): void {
    const cap = this.weights.length * 2;
    const patterns = new Uint8Array(cap * this.width);
    patterns.set(this.patterns);
    const weights = new Float64Array(cap);
    weights.set(this.weights);
    const sums = new Float64Array(cap * this.nSums);
    sums.set(this.sums);
    this.patterns = patterns;
    this.weights = weights;
    this.sums = sums;
  }
}
