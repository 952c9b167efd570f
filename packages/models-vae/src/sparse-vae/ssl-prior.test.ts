import { expectClose } from '@latentkit/testing';
import { describe, expect, it } from 'vitest';
import { noisePriorScale, sslEStep, sslMStep, sslPenaltyWeights, type SslSettings } from './ssl-prior.js';

const paper: SslSettings = { spikePenalty: 10, slabPenalty: 1, a: 1, b: 3, normalizer: 'paper' };
const reference: SslSettings = { ...paper, normalizer: 'reference-code' };

describe('spike-and-slab lasso E- and M-steps', () => {
  // Hand computation with λ0 = 10, λ1 = 1: ψ_ℓ(w) = (λ_ℓ/2)·e^(−λ_ℓ|w|) (paper) or e^(−λ_ℓ|w|) (reference code).
  // w = 0.5, η = 0.2: paper 0.2·0.5e^(−0.5) / (0.2·0.5e^(−0.5) + 0.8·5e^(−5)) = 0.060653 / 0.087605 = 0.692348;
  // reference 0.2e^(−0.5) / (0.2e^(−0.5) + 0.8e^(−5)) = 0.121306 / 0.126696 = 0.957455.
  // w = 0: paper 0.1 / (0.1 + 4) = 0.0243902; reference η = 0.2. w = −0.3 (|w| enters): 0.271133 and 0.788133.
  // Second column, η = 0.7, w = 0.5 (paper): 0.954554.
  const w = Float64Array.of(0.5, 0.5, 0, 0, -0.3, 0);
  const eta = Float64Array.of(0.2, 0.7);

  it('computes p* = η ψ1 / (η ψ1 + (1 − η) ψ0) per entry with the paper normalisers λ/2', () => {
    const p = sslEStep(w, eta, 3, 2, paper);
    // Float64 throughout: only rounding of exp/log, 1e-12 relative.
    expectClose(p, [0.6923482344219399, 0.9545537119365589, 0.02439024390243903, p[3], 0.2711334632514061, p[5]], { rtol: 1e-12, atol: 0 });
    expect(p[3]).toBeCloseTo((0.7 * 0.5) / (0.7 * 0.5 + 0.3 * 5), 14);
  });

  it('drops the λ/2 normalisers in the reference-code form', () => {
    const p = sslEStep(w, eta, 3, 2, reference);
    expectClose([p[0], p[2], p[4]], [0.9574545623263682, 0.2, 0.7881325826928856], { rtol: 1e-12, atol: 0 });
  });

  it('sets η_k = (Σ_j p*_jk + a − 1) / (a + b + G − 2) and clamps it to (0, 1)', () => {
    // Column 0: (0.9 + 0.1 + 0.5 + 0) / (1 + 3 + 3 − 2) = 0.3; column 1: (0.2 + 0.4 + 1) / 5 = 0.32.
    const eta1 = sslMStep(Float64Array.of(0.9, 0.2, 0.1, 0.4, 0.5, 1), 3, 2, { a: 1, b: 3 });
    expectClose(eta1, [0.3, 0.32], { rtol: 1e-14, atol: 0 });
    // a < 1 with no inclusion gives a negative mode, clamped to 1e−10 as the reference code does.
    expect(sslMStep(new Float64Array(3), 3, 1, { a: 0.5, b: 3 })[0]).toBe(1e-10);
  });

  it('weights |w_jk| by λ1·p* + λ0·(1 − p*)', () => {
    expectClose(sslPenaltyWeights(Float64Array.of(0, 1, 0.25), paper), [10, 1, 7.75], { rtol: 1e-7, atol: 0 });
  });

  it("sets ξ = s²·q/3 from the 5% quantile of the column standard deviations, numpy's linear interpolation", () => {
    // sds 1..5: position 0.05·4 = 0.2 → s = 1.2; ξ = 1.44 · 0.5843743741551835 / 3.
    expectClose(noisePriorScale(Float64Array.of(3, 1, 5, 2, 4)), 0.28049969959448806, { rtol: 1e-14, atol: 0 });
    expectClose(noisePriorScale(Float64Array.of(0, 0, 4)), (1e-6 * 0.5843743741551835) / 3, { rtol: 1e-12, atol: 0 });
  });
});
