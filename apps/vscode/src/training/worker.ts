// Entry of the training worker (a worker thread, bundled to dist/worker.cjs): it builds its own registry (plugin
// objects cannot cross a thread boundary), runs one job and posts progress and the result to the extension host.
import { setPoolWorkerScript } from '@latentkit/core';
import { parentPort, workerData } from 'node:worker_threads';
import { discoverPlugins } from '../plugins/discover.js';
import type { HostToWorker, WorkerInput, WorkerToHost } from './protocol.js';
import { runJob } from './run-job.js';
import { startBackend } from './start-backend.js';

// The block-pool workers of a fit run the extension's own pool entry, bundled next to this file.
setPoolWorkerScript(new URL('./pool-worker.cjs', import.meta.url));

const port = parentPort!;
const post = (m: WorkerToHost): void => port.postMessage(m);
const { setup, job } = workerData as WorkerInput;
const controller = new AbortController();
port.on('message', (m: HostToWorker) => {
  if (m.type === 'cancel') controller.abort();
});

async function main(): Promise<void> {
  const { registry } = await discoverPlugins({
    specifiers: setup.pluginSpecifiers,
    cwd: setup.cwd,
    trusted: setup.trusted,
    warn: (message) => post({ type: 'warning', message }),
  });
  const result = await runJob(job, {
    registry,
    signal: controller.signal,
    onProgress: (progress) => post({ type: 'progress', progress }),
    startBackend: () => startBackend(setup.backend, setup.wasmDir, (message) => post({ type: 'warning', message })),
    ...(setup.threads && { threads: setup.threads }),
  });
  post({ type: 'result', result });
}

main().then(
  () => port.close(),
  (e: unknown) => {
    post({ type: 'error', message: String((e as Error)?.message ?? e).split('\n')[0] });
    port.close();
  },
);
