import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a finished command printed, and how it ended. */
export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The command line, for messages. */
  readonly command: string;
}

/** Run a command to its end without throwing; a non-zero exit is in `code`. */
export function exec(file: string, args: readonly string[], options: { cwd: string; timeoutMs?: number }): Promise<Ran> {
  const command = [file, ...args].join(' ');
  // NODE_OPTIONS from the test runner must not reach the consumer's Node.
  const env = { ...process.env, NODE_OPTIONS: '' };
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd, env, timeout: options.timeoutMs ?? 180_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? String(error) : ''), command });
    });
  });
}

/** Run a command and return its standard output; throw one line naming the command and its last error line otherwise. */
export async function execOk(file: string, args: readonly string[], options: { cwd: string; timeoutMs?: number }): Promise<string> {
  const ran = await exec(file, args, options);
  if (ran.code !== 0) throw new Error(`'${ran.command}' exited with ${ran.code}: ${lastLines(ran.stderr || ran.stdout)}`);
  return ran.stdout;
}

/** The last few non-empty lines of a command's output, joined into one line. */
export function lastLines(text: string, count = 3): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}

/** npm with a cache folder that outlives the test's temporary folders, preferring what is cached to the registry. */
export function npm(cache: string, args: readonly string[], cwd: string): Promise<string> {
  return execOk('npm', [...args, '--cache', cache, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, timeoutMs: 480_000 });
}

/** The file name `pnpm pack` and `npm pack` give a package's tarball. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** An empty npm project (`"type": "module"`) in a new folder under `parent`. */
export function emptyProject(parent: string): string {
  const dir = mkdtempSync(join(parent, 'project-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'latentkit-consumer', private: true, type: 'module' }, null, 2));
  return dir;
}

/**
 * The binary of Node `major`: this process's own when it has that major version, else the npm package
 * `node-<platform>-<arch>@<major>` (the binary the `node` package installs, without its install script), installed once
 * under `cache`.
 */
export async function nodeBinary(major: number, cache: string): Promise<string> {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const prefix = join(cache, `node-${major}`);
  const binary = join(prefix, 'node_modules', platformPackage, 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{ "private": true }');
    await npm(join(cache, 'npm'), ['install', `${platformPackage}@${major}`], prefix);
  }
  const version = (await execOk(binary, ['--version'], { cwd: prefix })).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${binary} is ${version}, expected Node ${major}`);
  return binary;
}

/**
 * Unpack `tarball` into a scratch folder, let `edit` change the package, and pack it again with npm: the tarball a
 * broken build or a wrong `files` list would have published.
 */
export async function repack(tarball: string, scratch: string, edit: (packageDir: string) => void): Promise<string> {
  const dir = mkdtempSync(join(scratch, 'repack-'));
  await execOk('tar', ['-xzf', tarball, '-C', dir], { cwd: dir });
  edit(join(dir, 'package'));
  const out = join(dir, 'out');
  mkdirSync(out);
  await execOk('npm', ['pack', join(dir, 'package'), '--pack-destination', out, '--loglevel=error'], { cwd: dir });
  const manifest = JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8')) as { name: string; version: string };
  return join(out, tarballName(manifest.name, manifest.version));
}

/**
 * A copy of an installed project, beside it in `parent`, to install a broken tarball into: files hard-linked (GNU `cp -al`, so the 150 MB of
 * node_modules cost nothing), except the files npm rewrites in place, which are real copies so that the original stays
 * as it was.
 */
export async function scratchCopy(project: string, parent: string): Promise<string> {
  // A sibling of the project, so that the `file:../x.tgz` paths npm wrote into package.json still resolve.
  const dir = mkdtempSync(join(parent, 'scratch-'));
  await execOk('cp', ['-al', `${project}/.`, dir], { cwd: parent });
  for (const file of ['package.json', 'package-lock.json', join('node_modules', '.package-lock.json')]) {
    const copy = join(dir, file);
    if (!existsSync(copy)) continue;
    const text = readFileSync(copy);
    // Removing a hard link removes this name only; the original's file is untouched.
    rmSync(copy);
    writeFileSync(copy, text);
  }
  return dir;
}
