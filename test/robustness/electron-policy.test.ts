// Runs in: vitest (Node). The desktop app's security decisions that do not need Electron to check (issue 12, item
// 12): which links open in the user's browser, which app:// requests read a file, the page's CSP (no WebSocket at
// all), and the fuses electron-builder flips in the packaged binary.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, appFilePath, isAppUrl } from '../../main/hosts/electron/app-origin';
import { EXTERNAL_LINKS, isAllowedExternalUrl } from '../../main/hosts/electron/external-links';
import { ROOT } from '../support/built';

const RENDERER = '/opt/seqlab/dist/renderer';

describe('links the desktop app opens in the browser', () => {
  it('opens the links the app shows', () => {
    expect(isAllowedExternalUrl('https://www.kaggle.com/datasets/budincsevity/szeged-weather')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/jbrownlee/Datasets/blob/master/airline-passengers.csv')).toBe(true);
    for (const { origin, pathPrefix } of EXTERNAL_LINKS) expect(isAllowedExternalUrl(`${origin}${pathPrefix}`)).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'https://www.kaggle.com/',
    'https://www.kaggle.com/datasets/budincsevity/szeged-weather-evil',
    'https://github.com/jbrownlee/Datasets-evil/x',
    'https://github.com.evil.example/jbrownlee/Datasets',
    'https://user@www.kaggle.com/datasets/budincsevity/szeged-weather',
    'https://www.kaggle.com:8443/datasets/budincsevity/szeged-weather',
    'http://www.kaggle.com/datasets/budincsevity/szeged-weather',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('the app:// protocol', () => {
  it('recognises only app://seqlab pages', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    for (const url of ['app://evil/index.html', 'app://seqlab.evil/index.html', 'app://user@seqlab/index.html', 'app://seqlab:81/', 'https://seqlab/', 'file:///index.html', undefined, 'x']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('serves files of the renderer folder for app://seqlab only', () => {
    expect(appFilePath('app://seqlab/', RENDERER)).toBe(join(RENDERER, 'index.html'));
    expect(appFilePath('app://seqlab/assets/main.js', RENDERER)).toBe(join(RENDERER, 'assets', 'main.js'));
    // The handler ignored the host name: app://anything/ served the same files.
    expect(appFilePath('app://evil/index.html', RENDERER)).toBeNull();
    expect(appFilePath('app://seqlab/%c0%ae', RENDERER)).toBeNull();
    expect(appFilePath('app://seqlab/%', RENDERER)).toBeNull();
    expect(appFilePath('app://seqlab/index.html%00.png', RENDERER)).toBeNull();
    for (const url of ['app://seqlab/..%2f..%2fetc/passwd', 'app://seqlab/%2e%2e/%2e%2e/etc/passwd']) {
      const file = appFilePath(url, RENDERER);
      expect(file === null || file.startsWith(`${RENDERER}/`), url).toBe(true);
    }
  });
});

describe("the desktop page's Content-Security-Policy", () => {
  const connectSrc = (policy: string) => /connect-src ([^;]*)/.exec(policy)?.[1];

  it('connects to nothing but its own files: no ws:, no wss:, no other host', () => {
    expect(connectSrc(CONTENT_SECURITY_POLICY)).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\bwss?:/);
  });

  it("is the policy renderer/index.html carries in its meta tag (the browser-mode server adds its own WebSocket)", () => {
    const html = readFileSync(join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('packaging (electron-builder.yml)', () => {
  const require = createRequire(import.meta.url);
  const yaml = require('js-yaml') as { load(text: string): unknown };
  const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('flips the fuses: no run-as-node, no NODE_OPTIONS or inspect arguments, encrypted cookies, the app only from a checked ASAR', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // ASAR integrity and "only from ASAR" need the app packed in one.
    expect(config.asar).not.toBe(false);
  });

  it("is a configuration electron-builder accepts (its own schema)", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
  });
});
