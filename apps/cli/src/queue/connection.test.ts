import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkReachable, parseQueueUrl } from './connection.js';

describe('parseQueueUrl', () => {
  it('reads host, port and database, and TLS with a user and password from rediss://', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6390/2')).toEqual({
      connection: { host: '127.0.0.1', port: 6390, db: 2, maxRetriesPerRequest: null },
      shown: 'redis://127.0.0.1:6390/2',
    });
    expect(parseQueueUrl('redis://cache.local')).toMatchObject({ connection: { host: 'cache.local', port: 6379 } });
    expect(parseQueueUrl('rediss://worker:p%40ss@redis.example.org:6380')).toEqual({
      connection: {
        host: 'redis.example.org',
        port: 6380,
        username: 'worker',
        password: 'p@ss',
        tls: { servername: 'redis.example.org' },
        maxRetriesPerRequest: null,
      },
      shown: 'rediss://worker:***@redis.example.org:6380',
    });
    expect(parseQueueUrl('redis://:secret@[::1]:7000/0').connection).toMatchObject({ host: '::1', port: 7000, db: 0, password: 'secret' });
  });

  it('rejects other schemes, databases that are not numbers and garbage in one line naming the option', () => {
    expect(() => parseQueueUrl('http://h:1')).toThrow("--queue http://h:1: unknown scheme 'http:'; expected redis://host:port[/db] or rediss://");
    expect(() => parseQueueUrl('redis://h:1/db')).toThrow("--queue redis://h:1/db: database 'db' is not a number");
    expect(() => parseQueueUrl('h:1')).toThrow(/^--queue h:1: unknown scheme 'h:'/);
    expect(() => parseQueueUrl('localhost')).toThrow('--queue localhost: not a URL');
    expect(() => parseQueueUrl('redis://h:1/0?x=1')).toThrow("unexpected '?x=1'");
  });

  it('says at once, in one line, why a Redis cannot be reached', async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    await new Promise((resolve) => server.close(resolve));
    await expect(checkReachable(parseQueueUrl(`redis://127.0.0.1:${port}`))).rejects.toThrow(
      `cannot reach Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});
