// Runs in: vitest (Node). Real servers for the tests that need them (Redis, PostgreSQL), started on 127.0.0.1 at random
// ports and stopped by PID: the same code the sweep bench starts its servers with.
export { freePort, startPostgres, startRedis, type PostgresServer, type RedisServer } from '../../main/bench/local-servers';
