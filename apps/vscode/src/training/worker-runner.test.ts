import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress, WorkerSetup } from './protocol.js';
import { JobTerminatedError, startJob } from './worker-runner.js';

// Stand-in workers speaking the worker protocol, so the host side is tested without building the bundle
// (the e2e tests run the real dist/worker.cjs).
const WORKERS = {
  ok: `const { parentPort, workerData } = require('node:worker_threads');
for (let i = 1; i <= 3; i++) parentPort.postMessage({ type: 'progress', progress: { iteration: i, objective: -i, maxIter: 3, restart: 0, restarts: 1, elapsedMs: i } });
parentPort.postMessage({ type: 'result', result: { echo: workerData.job } });`,
  cancellable: `const { parentPort } = require('node:worker_threads');
const timer = setInterval(() => parentPort.postMessage({ type: 'progress', progress: { iteration: 1, objective: 0, maxIter: 9, restart: 0, restarts: 1, elapsedMs: 0 } }), 10);
parentPort.on('message', (m) => { if (m.type === 'cancel') { clearInterval(timer); parentPort.postMessage({ type: 'result', result: { status: 'cancelled', iterations: 1 } }); } });`,
  stuck: `const { parentPort } = require('node:worker_threads');
parentPort.on('message', () => {});
setInterval(() => {}, 1000);`,
  fails: `const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'error', message: 'faithful.csv:3: column 2: expected a number' });`,
};

let dir: string;
const setup: WorkerSetup = { backend: 'cpu', wasmDir: '/nowhere/', pluginSpecifiers: [], trusted: true };
const job = { kind: 'inspect', file: 'x.csv', load: {} } as const;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latentkit-runner-'));
  for (const [name, code] of Object.entries(WORKERS)) writeFileSync(join(dir, `${name}.cjs`), code);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startJob', () => {
  it('streams progress and resolves with the result, passing the job through workerData', async () => {
    const progress: Progress[] = [];
    const running = startJob(join(dir, 'ok.cjs'), setup, job, { onProgress: (p) => progress.push(p) });
    expect(await running.result).toEqual({ echo: job });
    expect(progress.map((p) => p.iteration)).toEqual([1, 2, 3]);
  });

  it('asks the worker to stop on cancel and takes its answer, once the worker thread has exited', async () => {
    const running = startJob(join(dir, 'cancellable.cjs'), setup, job);
    let gone = false;
    void running.exited.then(() => (gone = true));
    setTimeout(() => running.cancel(), 50);
    expect(await running.result).toEqual({ status: 'cancelled', iterations: 1 });
    expect(gone).toBe(true);
    expect(running.cancelled).toBe(true);
  });

  it('terminates a worker that does not answer a cancel in time', async () => {
    const running = startJob(join(dir, 'stuck.cjs'), setup, job, { graceMs: 100 });
    running.cancel();
    await expect(running.result).rejects.toBeInstanceOf(JobTerminatedError);
  });

  it("rejects with the worker's one-line error", async () => {
    await expect(startJob(join(dir, 'fails.cjs'), setup, job).result).rejects.toThrow('faithful.csv:3: column 2: expected a number');
  });
});
