// Runs in: vitest (Node). Reaching the queue: a redis:// URL becomes connection options (password kept, never shown),
// and an unreachable or refusing Redis is one clear line, checked against a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQueueReachable, redisConnection } from '../../main/backend/queue/trial-queue';
import { freePort, startRedis, type RedisServer } from '../support/servers';

describe('the queue\'s connection', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis({ password: 'right-one' });
  });
  afterAll(() => redis?.stop());

  it('reads host, port, user, password, database and TLS from the URL', () => {
    expect(redisConnection('rediss://seqlab:p%40ss@queue.example:6380/2')).toMatchObject({
      host: 'queue.example', port: 6380, username: 'seqlab', password: 'p@ss', db: 2, tls: {}, maxRetriesPerRequest: null,
    });
    expect(redisConnection('redis://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 6379 });
    expect(() => redisConnection('http://u:secret@host')).toThrow(/--queue must be a redis:\/\/ or rediss:\/\/ URL, got http:\/\/u:\*\*\*@host/);
  });

  it('answers when Redis does, with the right password', async () => {
    expect(redis.url).toContain(':right-one@');
    await expect(checkQueueReachable(redis.url)).resolves.toBeUndefined();
  });

  it('says in one line, without the password, when nothing listens or the password is refused', async () => {
    const port = await freePort();
    const down = await checkQueueReachable(`redis://:hunter2@127.0.0.1:${port}`).then(() => null, (e: Error) => e);
    expect(down?.message).toMatch(new RegExp(`^Cannot reach the queue at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    const refused = await checkQueueReachable(`redis://:hunter2@127.0.0.1:${redis.port}`).then(() => null, (e: Error) => e);
    expect(refused?.message).toMatch(/^Cannot reach the queue at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS invalid username-password pair/);
    for (const error of [down, refused]) {
      expect(error?.message).not.toContain('hunter2');
      expect(error?.message).not.toContain('\n');
    }
  });
});
