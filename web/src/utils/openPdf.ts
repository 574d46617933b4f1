// PDFs the server makes, shown in the browser.

/** Opens a PDF made in the browser in a new tab, or downloads it when pop-ups are blocked. */
export function openPdf(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  if (!window.open(url, '_blank')) {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = fileName;
    anchor.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
