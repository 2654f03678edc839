// Runs in: Electron main. Electron's security checklist in one place: which pages are ours, and what they may do.
import { app, session, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, isAppUrl } from './app-origin';
import { isAllowedExternalUrl } from './external-links';

export { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAppUrl } from './app-origin';

/** Applies to every WebContents: no navigation away, no new windows, no permissions, no webviews. */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // The app's own links (see external-links.ts) open in the user's browser; nothing opens inside the app.
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });
  });
}
