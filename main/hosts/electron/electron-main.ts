// Runs in: Electron main. Window, security, IPC and the trainer launcher; everything else is plain Node services.
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { createService } from '../../backend/create-service';
import { warmImportWorker } from '../../backend/warm-import';
import { APP_ROOT, rendererDir, trainerEntry } from '../../backend/paths';
import { registerHandlers } from './register-handlers';
import { EVENT_CHANNEL } from './channels';
import { APP_ORIGIN, hardenApp, isAppUrl } from './security';
import { registerAppScheme, serveRenderer } from './protocol';
import { utilityTrainerLauncher } from './utility-launcher';
import { messageOf } from '../../../shared/util/errors';
import { redactSecrets } from '../../core/redact-url';

app.enableSandbox();
registerAppScheme();
hardenApp();

if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  // Only our own top-level page may call the API: not an iframe, not a page we navigated to by mistake.
  const frame = event.senderFrame;
  return !!frame && frame === event.sender.mainFrame && isAppUrl(frame.url) && event.sender === mainWindow?.webContents;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Seqlab',
    show: false,
    webPreferences: {
      preload: join(APP_ROOT, 'dist', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // During a run the page refuses to unload (beforeunload); Electron then shows nothing by itself, so ask here.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Leave anyway', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      title: 'A run is training',
      message: 'A run is still training.',
      detail: 'Closing Seqlab stops it (it is kept as interrupted); reloading the window keeps it running.',
    });
    // preventDefault here overrides the page's refusal: the window closes or reloads.
    if (choice === 0) event.preventDefault();
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** The run log: `--db PATH|postgres://...` on the command line, else SEQLAB_DB, else runs.db in the app's folder. */
function runLogSetting(userData: string): string {
  return app.commandLine.getSwitchValue('db') || process.env.SEQLAB_DB || join(userData, 'runs.db');
}

app.whenReady().then(async () => {
  try {
    serveRenderer(rendererDir());
    const userData = app.getPath('userData');
    const { service, store } = await createService({
      dbPath: runLogSetting(userData),
      // --queue redis://... (or SEQLAB_QUEUE): sweeps may also run on `seqlab worker`s sharing the run log.
      queueUrl: app.commandLine.getSwitchValue('queue') || process.env.SEQLAB_QUEUE || undefined,
      dataDir: userData,
      launcher: utilityTrainerLauncher(trainerEntry()),
    });
    registerHandlers(ipcMain, service, isTrustedSender);
    service.onEvent((event) => mainWindow?.webContents.send(EVENT_CHANNEL, event));
    // The first file dropped should not wait for an import thread to boot, as in browser mode.
    warmImportWorker();
    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
    // A load or reload (Ctrl+R) starts the page afresh: it learns which runs wait paused, as a page in browser mode
    // does when it (re)connects.
    mainWindow.webContents.on('did-finish-load', () => {
      void service.pausedRunEvents().then((events) => {
        for (const event of events) mainWindow?.webContents.send(EVENT_CHANNEL, event);
      });
    });
    let quitting = false;
    app.on('before-quit', (event) => {
      if (quitting) return;
      // The quit's last writes (sweeps cut off, queued runs ended) may go to a server: quit once they landed.
      quitting = true;
      event.preventDefault();
      void service
        .shutdown()
        .then(() => store.close())
        .catch((error: unknown) => console.error(`seqlab: ${redactSecrets(messageOf(error))}`))
        .finally(() => app.quit());
    });
  } catch (error) {
    dialog.showErrorBox('Seqlab could not start', redactSecrets(messageOf(error)));
    app.exit(1);
  }
});

app.on('window-all-closed', () => app.quit());
