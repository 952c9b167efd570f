/** Loads a module by name; tests replace it to simulate a missing package. */
export type ImportModule = (specifier: string) => Promise<unknown>;

const defaultImport: ImportModule = (specifier) => import(/* @vite-ignore */ specifier);

function isNotFound(e: unknown, specifier: string): boolean {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') return true;
  const msg = err?.message ?? '';
  return msg.includes(specifier) && /cannot find|failed to (load|resolve)/i.test(msg);
}

/**
 * Import an optional peer dependency lazily, turning "not installed" into a one-line instruction.
 * @param who The function that needs it, for the message.
 */
export async function importOptional(specifier: string, who: string, importModule: ImportModule = defaultImport): Promise<unknown> {
  try {
    return await importModule(specifier);
  } catch (e) {
    if (isNotFound(e, specifier)) throw new Error(`${who} needs the optional package '${specifier}', which is not installed: run npm install ${specifier}`);
    throw e;
  }
}

/** The CommonJS export of a dynamically imported module (`module.exports`), whichever way the loader wraps it. */
export function commonJsExport(mod: unknown): unknown {
  const m = mod as { default?: unknown };
  return m && typeof m === 'object' && 'default' in m ? m.default : mod;
}
