// Runs in: renderer. Saving files the page made: a Blob through a temporary <a download>, which both Electron (a save
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
    // Revoked on the next task: the download has taken the URL by then, while revoking now cancels it in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** CSV text (predictions, forecasts, the runs table) as a UTF-8 .csv file. */
export function downloadCsv(csv: string, fileName: string): void {
  downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), fileName);
}
