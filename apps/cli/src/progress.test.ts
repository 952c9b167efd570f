import { describe, expect, it } from 'vitest';
import { captureWriter } from './io.js';
import { createProgress, progressLine } from './progress.js';

const step = (iteration: number) => ({ iteration, objective: -1.5 + iteration / 100, delta: 0.01, elapsedMs: 0, restart: 0, restarts: 1, maxIter: 100 });

describe('createProgress without a terminal', () => {
  it('prints at most one line per interval, and none before the first interval', () => {
    let t = 0;
    const err = captureWriter();
    const p = createProgress({ label: 'm on f', stderr: err, bar: false, intervalMs: 1000, now: () => t });
    for (let i = 1; i <= 50; i++) {
      t = i * 100; // 50 steps over 5 s
      p.onStep(step(i));
    }
    p.stop();
    const lines = err.text().trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(progressLine('m on f', step(10)));
  });

  it('names the initialisation when there are several', () => {
    expect(progressLine('x', { ...step(3), restart: 1, restarts: 4 })).toBe('x: iteration 3/100 (init 2/4), objective -1.4700000, change 1.00e-2');
  });
});

describe('createProgress on a terminal', () => {
  it('draws a cli-progress bar with the iteration and objective, and clears it when stopped', () => {
    const chunks: string[] = [];
    const tty = {
      isTTY: true,
      columns: 120,
      write: (s: string) => chunks.push(s),
      cursorTo: () => true,
      moveCursor: () => true,
      clearLine: () => true,
      clearScreenDown: () => true,
      on: () => tty,
      removeListener: () => tty,
    };
    const p = createProgress({ label: 'mixture/gmm on f.csv', stderr: tty, bar: true });
    p.onStep(step(1));
    p.onStep(step(2));
    p.stop();
    const text = chunks.join('');
    expect(text).toContain('mixture/gmm on f.csv [');
    expect(text).toMatch(/iteration [12]\/100 \| objective -1\.4\d+/);
  });
});
