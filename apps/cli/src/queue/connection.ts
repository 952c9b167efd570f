import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { UsageError } from '../errors.js';

/** A Redis server to queue jobs on, from `--queue`. */
export interface QueueTarget {
  /** ioredis options (BullMQ's `connection`). */
  readonly connection: RedisOptions;
  /** The URL without its password, for messages. */
  readonly shown: string;
}

const EXPECTED = 'expected redis://host:port[/db] or rediss://[user:password@]host:port[/db]';

/**
 * Read a Redis URL: `redis://host:port[/db]`, or `rediss://` for TLS, with an optional `user:password@`
 * (percent-encoded). BullMQ needs `maxRetriesPerRequest: null` on the connections of its workers; it is set on all.
 * @throws UsageError of one line naming the option and what was expected.
 * @example
 * ```ts
 * parseQueueUrl('redis://127.0.0.1:6379/2').connection; // { host: '127.0.0.1', port: 6379, db: 2, maxRetriesPerRequest: null }
 * ```
 */
export function parseQueueUrl(text: string, option = '--queue'): QueueTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${option} ${text}: not a URL; ${EXPECTED}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new UsageError(`${option} ${text}: unknown scheme '${url.protocol}'; ${EXPECTED}`);
  if (!url.hostname) throw new UsageError(`${option} ${text}: no host; ${EXPECTED}`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) throw new UsageError(`${option} ${text}: database '${path}' is not a number; ${EXPECTED}`);
  if (url.search || url.hash) throw new UsageError(`${option} ${text}: unexpected '${url.search || url.hash}'; ${EXPECTED}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const connection: RedisOptions = {
    host,
    port,
    ...(path !== '' && { db: Number(path) }),
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(url.password && { password: decodeURIComponent(url.password) }),
    ...(url.protocol === 'rediss:' && { tls: { servername: host } }),
    maxRetriesPerRequest: null,
  };
  const auth = url.username || url.password ? `${url.username}${url.password ? ':***' : ''}@` : '';
  return { connection, shown: `${url.protocol}//${auth}${url.host}${path ? `/${path}` : ''}` };
}

/**
 * Connect once, with no retries, and ping: an unreachable or refusing server is a one-line error at once (BullMQ's
 * own connections retry forever, which is what a running worker wants when Redis restarts, not a first contact).
 */
export async function checkReachable(target: QueueTarget): Promise<void> {
  const client = new Redis({ ...target.connection, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5000 });
  // ioredis reports the cause (ECONNREFUSED, ENOTFOUND, a TLS error) as an 'error' event and rejects with "Connection is closed".
  let cause: Error | undefined;
  client.on('error', (e: Error) => (cause ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new UsageError(`cannot reach Redis at ${target.shown}: ${(cause ?? (e as Error)).message.split('\n')[0]}`);
  } finally {
    client.disconnect();
  }
}
