// Runs in: main process, workers and the CLI (plain Node). What the sweep's submitter and its workers agree on: the
// BullMQ queue's name, a trial's message (ids and a hash, never the CSV), the progress a worker reports, and how to
// reach Redis from a redis:// URL without ever printing its password.
import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { UserError } from '../../../shared/util/errors';
import { redactSecrets, redactUrl } from '../../core/redact-url';

export const TRIAL_QUEUE = 'seqlab-trials';

/** A trial as it travels through Redis: the run to train (its settings are in the shared log) and the data's hash. */
export interface TrialJob {
  runId: number;
  sweepId: number;
  sha256: string;
}

/** What a worker reports through the queue after each epoch. */
export interface TrialProgress {
  runId: number;
  worker: string;
  execution: number;
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
}

/** What a worker returns when a trial is over. */
export interface TrialOutcome {
  runId: number;
  worker: string;
  execution: number | null;
  status: string;
}

/** The job id is the run id: adding a trial twice (a resumed submitter) is a no-op in BullMQ. */
export const trialJobId = (runId: number) => `run-${runId}`;

/** How long a worker's claim on a trial lasts without renewal: a killed worker's trial is retried after this. */
export const DEFAULT_LOCK_MS = 30_000;

export function isRedisUrl(url: string): boolean {
  return /^rediss?:\/\//i.test(url);
}

/** ioredis options from a redis:// or rediss:// URL. Workers retry forever (maxRetriesPerRequest null, as BullMQ
 * requires for blocking connections), reconnecting with a capped backoff when Redis restarts. */
export function redisConnection(url: string): ConnectionOptions {
  if (!isRedisUrl(url)) throw new UserError(`--queue must be a redis:// or rediss:// URL, got ${redactUrl(url)}.`);
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    retryStrategy: (attempt: number) => Math.min(250 * attempt, 5_000),
  };
}

/** Fails fast with one clear line when Redis cannot be reached or refuses the password, before anything is written:
 * the queue's own connections would otherwise retry in silence. */
export async function checkQueueReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const options = redisConnection(url) as RedisOptions;
  const client = new Redis({ ...options, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The socket's own error (ECONNREFUSED, a refused AUTH) says more than connect()'s "Connection is closed".
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const e = (socketError ?? error) as Error & { errors?: Error[] };
    const reason = e.message || e.errors?.map((inner) => inner.message).join('; ') || String(e);
    throw new UserError(`Cannot reach the queue at ${redactUrl(url)}: ${redactSecrets(reason).replace(/\.+$/, '')}.`);
  } finally {
    client.disconnect();
  }
}
