import { createRng } from '@latentkit/core';
import { ldaCorpus } from '@latentkit/datasets';
import { describe, expect, it } from 'vitest';
import { corpusOf } from './lda-corpus.js';
import { eStep } from './lda-estep.js';
import { createLdaKernel, type LdaKernel } from './lda-kernel.js';
import { NORM_EPS } from './lda-wasm-kernel.js';
import { gammaComponents, topicsFrom } from './lda-topics.js';
import { LdaWorkspace } from './lda-workspace.js';

// Both kernels compute in float64; they differ only in summation order (two interleaved partial sums plus a
// pairwise tree against two partial sums), so they agree to a few units of 1e-16 relative; 1e-13 allows for
// sums over a thousand words.
const RTOL = 1e-13;

/** Fill a kernel's memory with a V×K' table, one document (ids, counts) and e; returns the byte offsets. */
function setup(kernel: LdaKernel, k: number, v: number, nd: number, seed: number) {
  const rng = createRng(seed);
  const kp = kernel.kp;
  const table = 0;
  const stats = v * kp * 8;
  const ids = 2 * v * kp * 8;
  const cnts = ids + nd * 8;
  const e = cnts + nd * 8;
  const out = e + kp * 8;
  for (let w = 0; w < v; w++) for (let j = 0; j < k; j++) kernel.f64[w * kp + j] = rng.uniform();
  for (let q = 0; q < nd; q++) {
    kernel.i32[(ids >> 2) + q] = Math.floor(rng.uniform() * v);
    kernel.f64[(cnts >> 3) + q] = 1 + Math.floor(rng.uniform() * 5);
  }
  for (let j = 0; j < k; j++) kernel.f64[(e >> 3) + j] = rng.uniform() / k;
  return { table, stats, ids, cnts, e, out, bytes: out + (nd + kp) * 8 };
}

describe('the LDA E-step kernels', () => {
  it('compiles the WebAssembly SIMD kernel on this runtime', () => {
    expect(createLdaKernel(10, 1024).kind).toBe('wasm-simd');
    expect(createLdaKernel(10, 1024, 'js').kind).toBe('js');
  });

  for (const k of [1, 2, 7, 20]) {
    it(`agree between WebAssembly and JavaScript for K = ${k}, and match the definition`, () => {
      const v = 50;
      const nd = 40;
      const bytes = setup(createLdaKernel(k, 1 << 20, 'js'), k, v, nd, 0).bytes;
      const [wasm, js] = (['auto', 'js'] as const).map((c) => {
        const kernel = createLdaKernel(k, bytes, c);
        const o = setup(kernel, k, v, nd, 1);
        kernel.gamma(o.ids, o.cnts, nd, o.table, o.e, o.out);
        const gamma = Array.from(kernel.f64.subarray(o.out >> 3, (o.out >> 3) + k));
        kernel.stats(o.ids, o.cnts, nd, o.table, o.e, o.out, o.stats);
        const norms = Array.from(kernel.f64.subarray(o.out >> 3, (o.out >> 3) + nd));
        const stats = Array.from(kernel.f64.subarray(o.stats >> 3, (o.stats >> 3) + v * kernel.kp));
        kernel.norms(o.ids, nd, o.table, o.e, o.out);
        const norms2 = Array.from(kernel.f64.subarray(o.out >> 3, (o.out >> 3) + nd));
        return { gamma, norms, stats, norms2, kernel, o };
      });
      const close = (a: number[], b: number[]) => a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThanOrEqual(RTOL * Math.abs(b[i]) + 1e-300));
      close(wasm.gamma, js.gamma);
      close(wasm.norms, js.norms);
      close(wasm.norms2, js.norms);
      close(wasm.stats, js.stats);
      // Definition: gamma_j = Σ_w n_w·t_wj / (e·t_w + ε), straight from the memory contents.
      const { kernel, o } = js;
      const f = kernel.f64;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let q = 0; q < nd; q++) {
          const row = kernel.i32[(o.ids >> 2) + q] * kernel.kp;
          let dot = 0;
          for (let i = 0; i < k; i++) dot += f[(o.e >> 3) + i] * f[row + i];
          s += (f[(o.cnts >> 3) + q] * f[row + j]) / (dot + NORM_EPS);
        }
        expect(Math.abs(js.gamma[j] - s)).toBeLessThanOrEqual(RTOL * s);
      }
    });
  }

  it('give the same E-step (γ and bound) on a corpus', () => {
    const data = ldaCorpus({ nDocs: 30, vocabSize: 80, nTopics: 5, docLength: 60, seed: 2 }).data;
    const corpus = corpusOf(data, 'test');
    const topics = topicsFrom(gammaComponents(5, 80, createRng(3)), 5, 80, 0.2);
    const settings = { alpha: 0.2, meanChangeTol: 1e-3, maxDocUpdateIter: 100 };
    const [a, b] = (['auto', 'js'] as const).map((choice) => {
      const ws = new LdaWorkspace(corpus, 5, choice);
      ws.setTopics(topics);
      return eStep(ws, settings, { bound: true });
    });
    expect(Math.abs(a.docBound - b.docBound)).toBeLessThan(1e-10 * Math.abs(b.docBound));
    a.gamma.forEach((g, i) => expect(Math.abs(g - b.gamma[i])).toBeLessThan(1e-9 * b.gamma[i]));
  });
});
