import { initBackend, type BackendInfo } from '@latentkit/core';
import type { ExtensionBackend } from './protocol.js';

/**
 * Start tfjs in the worker with the backends bundled into it. The wasm backend is told where the `.wasm` binaries
 * were copied (`wasmDir`, next to the bundle), because a packaged extension has no node_modules to find them in.
 * tfjs-node is never loaded inside the editor (a native addon), so `LATENTKIT_BACKEND=tensorflow` is refused.
 */
export function startBackend(backend: ExtensionBackend, wasmDir: string, warn: (m: string) => void): Promise<BackendInfo> {
  return initBackend({
    backend,
    wasmPaths: wasmDir,
    warn,
    importModule: importBundledBackend,
  });
}

/** The backend packages bundled with the extension, for `initBackend`'s `importModule` (here and in pool workers). */
export function importBundledBackend(specifier: string): Promise<unknown> {
  if (specifier === '@tensorflow/tfjs-backend-wasm') return import('@tensorflow/tfjs-backend-wasm');
  if (specifier === '@tensorflow/tfjs-backend-cpu') return import('@tensorflow/tfjs-backend-cpu');
  return Promise.reject(new Error(`${specifier} is not bundled with the extension`));
}
