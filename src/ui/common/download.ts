/** Saves bytes or text as a file through a temporary link: nothing is uploaded, the browser just saves it. */
export function saveFile(name: string, data: BlobPart, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  a.click();
  // Revoked a moment later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
