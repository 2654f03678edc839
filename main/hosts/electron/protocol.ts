// Runs in: Electron main. Serves dist/renderer under app://seqlab/ (a standard, secure origin) instead of file://,
// so the CSP's 'self' means exactly our files and nothing else on disk is reachable.
import { net, protocol } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', (request) => {
    const { pathname } = new URL(request.url);
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
    const file = join(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
