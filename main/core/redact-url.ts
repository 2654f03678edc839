// Runs in: any Node process (main, workers, CLI). Redis and PostgreSQL URLs may carry a password: every message,
// log line and error that names a server goes through here first, so a secret is never printed.

/** The URL with its password (and a user-only secret, as in redis://:secret@host) replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    // Query parameters that may carry secrets (password=, sslkey=, token=...) are masked too.
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|key|token/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return redactSecrets(url);
  }
}

/** Any scheme://user:password@ inside free text (an error message from a driver, say) loses its password. */
export function redactSecrets(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s@/]*)@/gi, (_, scheme: string, user: string) => `${scheme}${user}:***@`);
}
