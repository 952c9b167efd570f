import { readFile } from 'node:fs/promises';
import { firstLine, writeFileAtomic, type JsonValue } from '@latentkit/core';
import type { CheckpointOptions } from './contract/fit-options.js';
import type { Checkpointer } from './contract/plugins.js';

const FORMAT = 'latentkit-checkpoint';
const VERSION = 1;

/** What a checkpoint is a checkpoint of: a resumed fit must match it in every field. */
export interface CheckpointIdentity {
  readonly key: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly engine: string;
  /** The resolved engine parameters without `maxIter` (a resumed fit may run to another total). */
  readonly engineParams: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly dataHash: string;
}

/** The identity of a fit of `key` with these resolved parameters on `data`. */
export function checkpointIdentity(
  key: string,
  params: Readonly<Record<string, unknown>>,
  engine: string,
  engineParams: Readonly<Record<string, unknown>>,
  seed: number,
  dataHash: string,
): CheckpointIdentity {
  const { maxIter: _budget, ...rest } = engineParams;
  return { key, params: plain(params), engine, engineParams: plain(rest), seed, dataHash };
}

const plain = (v: Readonly<Record<string, unknown>>): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

/** The checkpointer the registry hands an engine: each body is written with the identity, atomically, to `options.path`. */
export function fileCheckpointer(options: CheckpointOptions, identity: CheckpointIdentity): Checkpointer {
  const where = `checkpoint ${options.path}`;
  for (const [name, v] of [
    ['everyIterations', options.everyIterations],
    ['everyMinutes', options.everyMinutes],
  ] as const) {
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) throw new Error(`${where}: ${name} must be a positive number, got ${v}`);
  }
  if (options.everyIterations !== undefined && !Number.isInteger(options.everyIterations))
    throw new Error(`${where}: everyIterations must be a whole number, got ${options.everyIterations}`);
  return {
    ...(options.everyIterations !== undefined && { everyIterations: options.everyIterations }),
    ...(options.everyMinutes !== undefined && { everyMinutes: options.everyMinutes }),
    async write(body) {
      const file = { format: FORMAT, version: VERSION, ...identity, writtenAt: new Date().toISOString(), body };
      await writeFileAtomic(options.path, JSON.stringify(file));
    },
  };
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** The first way two records differ, as "name is A there and B here", or undefined when they agree. */
function firstDifference(what: string, saved: Readonly<Record<string, unknown>>, now: Readonly<Record<string, unknown>>): string | undefined {
  for (const name of [...new Set([...Object.keys(saved), ...Object.keys(now)])].sort()) {
    if (JSON.stringify(saved[name]) !== JSON.stringify(now[name]))
      return `${what} ${name} is ${saved[name] === undefined ? '(unset)' : show(saved[name])} there and ${now[name] === undefined ? '(unset)' : show(now[name])} here`;
  }
  return undefined;
}

/**
 * Read the checkpoint at `path` and return its engine body, after checking that it was written by a fit with this
 * identity. Every mismatch is a one-line error naming the file and the first field that differs, e.g.
 * `cannot resume from ckpt.json: hyperparameter nComponents is 3 there and 4 here`.
 */
export async function readCheckpoint(path: string, identity: CheckpointIdentity): Promise<JsonValue> {
  const fail = (why: string): never => {
    throw new Error(`cannot resume from ${path}: ${why}`);
  };
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : firstLine(e));
  }
  let file: Record<string, unknown> = {};
  try {
    file = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    fail(`not JSON (${firstLine(e)})`);
  }
  if (file?.format !== FORMAT) fail(`not a latentkit checkpoint (no "format": "${FORMAT}")`);
  if (file.version !== VERSION) fail(`checkpoint version ${show(file.version)} is not supported (this latentkit reads version ${VERSION})`);
  const saved = file as unknown as CheckpointIdentity & { body: JsonValue };
  const why =
    (saved.key !== identity.key ? `it was written for the model ${saved.key}, not ${identity.key}` : undefined) ??
    (saved.engine !== identity.engine ? `it was written by the engine ${saved.engine}, not ${identity.engine}` : undefined) ??
    (saved.dataHash !== identity.dataHash
      ? `it was written for other data (${saved.dataHash.slice(0, 19)}…, this data is ${identity.dataHash.slice(0, 19)}…)`
      : undefined) ??
    (saved.seed !== identity.seed ? `seed is ${saved.seed} there and ${identity.seed} here` : undefined) ??
    firstDifference('hyperparameter', saved.params ?? {}, identity.params) ??
    firstDifference('engine parameter', saved.engineParams ?? {}, identity.engineParams);
  if (why) fail(why);
  if (saved.body === undefined) fail('it holds no fit state ("body")');
  return saved.body;
}
