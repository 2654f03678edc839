// Runs in: vitest (Node). Server URLs lose their secrets before they are shown: passwords, secret query parameters,
// and URLs inside free text (a driver's error message).
import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from '../../main/core/redact-url';

describe('redactUrl', () => {
  it('masks the password and keeps what tells the server apart', () => {
    expect(redactUrl('postgres://team:s3cret@db.example:5433/runs')).toBe('postgres://team:***@db.example:5433/runs');
    expect(redactUrl('redis://:hunter2@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379');
    expect(redactUrl('rediss://seqlab:p%40ss@queue:6380/2')).toBe('rediss://seqlab:***@queue:6380/2');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('masks secret query parameters', () => {
    const shown = redactUrl('postgres://u@h/db?sslmode=require&password=abc&sslkey=/k');
    expect(shown).toContain('sslmode=require');
    expect(shown).not.toMatch(/abc|\/k/);
  });

  it('never throws on something that is not a URL, and still masks what looks like a secret', () => {
    expect(redactUrl('not a url user:pw@')).toBe('not a url user:pw@');
    expect(redactUrl('postgres://u:pw@host:notaport/db')).not.toContain(':pw@');
  });
});

describe('redactSecrets', () => {
  it('masks every URL with a password inside free text', () => {
    const text = 'connect to postgres://a:one@h1/db failed; fell back to redis://:two@h2:6379 and https://x:three@h3/';
    expect(redactSecrets(text)).toBe('connect to postgres://a:***@h1/db failed; fell back to redis://:***@h2:6379 and https://x:***@h3/');
  });
});
