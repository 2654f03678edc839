// Runs in: main process (plain Node). The app's link to a BullMQ queue (`npm run serve -- --queue redis://...`, the
// desktop app's --queue): the URL, kept only to connect and never shown; where it is, safe to show; and the run log
// the workers write to, which is the app's own (--db: a SQLite file workers on this machine share, or PostgreSQL).
import { redactUrl } from '../../core/redact-url';
import type { AsyncRunLog } from '../run-log/async-run-log';
import { redisConnection } from './trial-queue';

export interface QueueConnection {
  /** The redis:// URL as given, password and all: only for connecting. */
  readonly url: string;
  /** The URL without its password, for the window and messages. */
  readonly where: string;
  /** The run log shared with the workers (the app's; the connection does not own or close it). */
  readonly log: AsyncRunLog;
}

/** Checks the URL's form at once (a bad one is a UserError naming it without its password); the queue itself is
 * reached when a sweep needs it, and its connections reconnect when Redis restarts. */
export function connectQueue(url: string, log: AsyncRunLog): QueueConnection {
  redisConnection(url);
  return { url, where: redactUrl(url), log };
}
