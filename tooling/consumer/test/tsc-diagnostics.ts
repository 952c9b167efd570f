/**
 * The errors of `tsc --pretty false` output that are ours: in the consumer's own files or in an installed
 * `@latentkit/*` package, each with its continuation lines. Errors inside other packages' declarations (tfjs-core's
 * `Long`, h5wasm against `@types/emscripten`) are theirs and are left out.
 */
export function ownErrors(output: string): string[] {
  const errors: string[][] = [];
  for (const line of output.split('\n')) {
    if (/^(\S.*\(\d+,\d+\): )?error TS\d+/.test(line)) errors.push([line]);
    else if (/^\s/.test(line) && errors.length > 0) errors[errors.length - 1].push(line.trim());
  }
  return errors.filter(([first]) => !first.startsWith('node_modules/') || first.startsWith('node_modules/@latentkit/')).map((lines) => lines.join(' '));
}
