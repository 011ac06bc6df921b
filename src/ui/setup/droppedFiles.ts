import type { InputFile } from '../../worker/import-protocol';

/** The chosen files with their paths inside a chosen folder (webkitRelativePath), else their names. */
export function filesFromInput(list: FileList | null): InputFile[] {
  return Array.from(list ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/**
 * Dropped files and folders, folders walked recursively so a dropped class folder tree keeps its paths
 * ('shapes/cats/1.png'). Browsers without the entries API give the flat file list.
 */
export async function filesFromDrop(dt: DataTransfer): Promise<InputFile[]> {
  const entries = Array.from(dt.items ?? [], (item) => item.webkitGetAsEntry?.() ?? null).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return filesFromInput(dt.files);
  const out: InputFile[] = [];
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

async function walk(entry: FileSystemEntry, prefix: string, out: InputFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path, file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the folder in chunks (100 at a time in Chromium) until an empty one.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) break;
    for (const child of chunk) await walk(child, path, out);
  }
}
