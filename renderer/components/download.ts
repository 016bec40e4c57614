/** Saves text as a file through the browser's download (works in the web mode and in Electron). */
export function downloadText(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  anchor.className = 'offscreen';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Give the download a moment to pick up the blob before letting it go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The text of a file the person picked. */
export function readPickedFile(file: File): Promise<string> {
  return file.text();
}
