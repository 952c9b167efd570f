import { describe, expect, it } from 'vitest';
import { formatNumber, formatProgress, formatTrainResult, progressPercent } from './format-progress.js';

const p = { iteration: 12, maxIter: 100, objective: -1.23456, restart: 0, restarts: 1, elapsedMs: 80 };

describe('progress messages', () => {
  it('shows iteration and objective', () => {
    expect(formatProgress(p)).toBe('iteration 12/100 · objective −1.235');
    expect(formatProgress({ ...p, restart: 1, restarts: 3 })).toBe('iteration 12/100 · objective −1.235 · restart 2/3');
  });

  it('counts restarts in the percentage', () => {
    expect(progressPercent(p)).toBeCloseTo(12, 12);
    expect(progressPercent({ ...p, restart: 1, restarts: 2, iteration: 50 })).toBeCloseTo(75, 12);
  });

  it('formats large and small numbers in exponent form', () => {
    expect([formatNumber(123456), formatNumber(0.0001234), formatNumber(0), formatNumber(Number.NaN)]).toEqual(['1.235e+5', '1.234e-4', '0', 'NaN']);
  });

  it('says where the model went, or that nothing was written', () => {
    expect(
      formatTrainResult(
        'mixture/gmm',
        { status: 'saved', outFile: '/w/f.json', iterations: 3, converged: true, seconds: 0.25, scores: { 'train logLikelihood': -4.1546 } },
        'f.json',
      ),
    ).toBe('latentkit: mixture/gmm saved to f.json (3 iterations, converged, 0.3 s; train logLikelihood −4.155).');
    // A fit whose count is fixed by design (VAE epochs) never reads "not converged".
    expect(
      formatTrainResult(
        'vae/vae',
        { status: 'saved', outFile: '/w/v.json', iterations: 20, converged: false, fixedIterations: true, seconds: 2, scores: {} },
        'v.json',
      ),
    ).toBe('latentkit: vae/vae saved to v.json (20 iterations, fixed count, 2.0 s).');
    // The fitted model's notices (Fitted.notices) follow the result, as the CLI prints them on stderr.
    expect(
      formatTrainResult(
        'vae/vae',
        {
          status: 'saved',
          outFile: '/w/v.json',
          iterations: 2,
          converged: false,
          fixedIterations: true,
          seconds: 1,
          scores: {},
          notices: ["column 'k' is constant"],
        },
        'v.json',
      ),
    ).toBe("latentkit: vae/vae saved to v.json (2 iterations, fixed count, 1.0 s). Note: column 'k' is constant");
    expect(formatTrainResult('mixture/gmm', { status: 'cancelled', iterations: 7 }, 'f.json')).toBe(
      'latentkit: training of mixture/gmm was cancelled after 7 iterations; no model file was written.',
    );
  });
});
