// Runs in: renderer. Saving generated files: a Blob through a temporary <a download>, which both Electron (a save
// dialog) and browsers (the downloads folder) understand.
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The download has taken the URL by the next task; revoking now would cancel it in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
