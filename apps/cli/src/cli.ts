import { setPoolWorkerScript } from '@latentkit/core';
import { EXIT_CANCELLED, EXIT_FAILURE, formatError } from './errors.js';
import { processIO } from './io.js';
import { runCli } from './run-cli.js';

// `latentkit list | head -1` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// Block-pool workers run the bundle's own worker entry (esbuild.mjs builds it next to this file).
setPoolWorkerScript(new URL('./worker.js', import.meta.url));

const controller = new AbortController();
let interrupts = 0;
const onSigint = (): void => {
  interrupts += 1;
  if (interrupts === 1) {
    process.stderr.write('\nlatentkit: interrupted; stopping (press Ctrl-C again to quit at once)\n');
    controller.abort();
  } else {
    process.exit(EXIT_CANCELLED);
  }
};
process.on('SIGINT', onSigint);

try {
  process.exitCode = await runCli(process.argv.slice(2), processIO, { signal: controller.signal });
} catch (e) {
  process.stderr.write(`${formatError(e)}\n`);
  process.exitCode = EXIT_FAILURE;
} finally {
  process.off('SIGINT', onSigint);
}
