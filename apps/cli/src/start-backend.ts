import { initBackend, type BackendInfo } from '@latentkit/core';
import type { Writer } from './io.js';

let started: Promise<BackendInfo> | undefined;

/**
 * Start the tensor backend once per process (`initBackend`, which honours `LATENTKIT_BACKEND`).
 * Its warning (the cpu fallback) goes to `stderr`, once; later calls return the same choice.
 */
export function startBackend(stderr: Writer): Promise<BackendInfo> {
  started ??= initBackend({ warn: (message) => stderr.write(`${message}\n`) }).catch((e: unknown) => {
    started = undefined;
    throw e;
  });
  return started;
}
