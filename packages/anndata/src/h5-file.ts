import { open } from 'node:fs/promises';
import { DataError } from '@latentkit/core';
import type { File as H5File } from 'h5wasm';

type H5Wasm = typeof import('h5wasm');

let loaded: Promise<H5Wasm> | undefined;

/** h5wasm's Node build (the HDF5 C library as wasm, reading the host file system), loaded on first use. */
function h5wasm(): Promise<H5Wasm> {
  loaded ??= import('h5wasm/node').then(async (m: H5Wasm) => {
    await m.ready;
    return m;
  });
  return loaded;
}

/** The 8-byte HDF5 format signature, found at offset 0 or, after a user block, at 512, 1024, 2048, … */
const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Whether `path` starts an HDF5 file (the signature at 0 or at a power of two from 512 below the file size).
 * Checked before h5wasm opens the file, so that a wrong file is one line rather than HDF5's diagnostic stack.
 */
async function hasHdf5Signature(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buf = Buffer.alloc(SIGNATURE.length);
    for (let at = 0; at + SIGNATURE.length <= size; at = at === 0 ? 512 : at * 2) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, at);
      if (bytesRead === SIGNATURE.length && buf.equals(SIGNATURE)) return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * Open the HDF5 file `path` read-only, run `read` on it and close it, also when `read` throws.
 * @throws DataError when the file cannot be read or is not an HDF5 file.
 */
export async function withH5File<T>(path: string, read: (file: H5File) => T): Promise<T> {
  let isHdf5: boolean;
  try {
    isHdf5 = await hasHdf5Signature(path);
  } catch (e) {
    throw new DataError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: path });
  }
  if (!isHdf5) throw new DataError('not an HDF5 file (no HDF5 signature); expected an AnnData .h5ad file', { file: path });
  const { File } = await h5wasm();
  const file = new File(path, 'r');
  try {
    return read(file);
  } finally {
    file.close();
  }
}
