// Runs in: vitest (Node). The test servers themselves: Redis and PostgreSQL start, answer, and are gone after stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../support/servers';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('test servers', () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), postgres?.stop()]);
  });

  it('Redis answers PING, and again after a crash and restart on the same port', async () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: null });
    // While the server is down the client reports refused connections and keeps retrying: expected here.
    client.on('error', () => {});
    try {
      expect(await client.ping()).toBe('PONG');
      await client.set('k', 'v');
      const before = redis.pid;
      await redis.restart({ crash: true });
      expect(redis.pid).not.toBe(before);
      expect(alive(before)).toBe(false);
      // No persistence: the restarted server is empty, and the client has reconnected by itself.
      expect(await client.get('k')).toBeNull();
    } finally {
      client.disconnect();
    }
  });

  it('PostgreSQL answers on 127.0.0.1 with a password, in a database of the test\'s own', async () => {
    const name = await postgres.createDatabase();
    const client = new pg.Client({ connectionString: postgres.url(name) });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT current_database() AS db, inet_server_addr()::text AS addr');
      expect(rows[0]).toEqual({ db: name, addr: '127.0.0.1/32' });
    } finally {
      await client.end();
    }
    const wrong = new pg.Client({ connectionString: postgres.url(name).replace(/:[0-9a-f]+@/, ':wrong@') });
    await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('stop ends both servers by PID', async () => {
    const pids = [redis.pid, postgres.pid];
    await Promise.all([redis.stop(), postgres.stop()]);
    expect(pids.map(alive)).toEqual([false, false]);
  });
});
