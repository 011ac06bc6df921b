/// <reference lib="webworker" />
import { isImportError } from '../core/import';
import { isToImporter, type FromImporter, type ImportResult } from './import-protocol';
import { buildTable, importFiles } from './importer';

/**
 * The import worker: reading, parsing and decoding the user's files never blocks the page. One job at a
 * time per message; every job ends with a 'result' or an 'error' that says what is wrong and what to do.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<unknown>) => {
  const msg = e.data;
  if (!isToImporter(msg)) return;
  const post = (m: FromImporter, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
  try {
    const result =
      msg.type === 'import'
        ? await importFiles(msg.files, msg.image, (label, done, total) => post({ type: 'progress', id: msg.id, label, done, total }))
        : buildTable(msg.table, msg.options, msg.name, msg.bytes);
    post({ type: 'result', id: msg.id, result }, transferables(result));
  } catch (err) {
    if (isImportError(err)) post({ type: 'error', id: msg.id, message: err.message, hint: err.hint });
    else
      post({
        type: 'error',
        id: msg.id,
        message: `The data could not be read: ${err instanceof Error ? err.message : String(err)}.`,
        hint: 'If the file is fine, this is a bug in Fitlab: please report it with the file’s shape (not its contents).',
      });
  }
};

/** The dataset's big arrays move to the page instead of being copied. */
function transferables(r: ImportResult): Transferable[] {
  const d = r.custom.dataset;
  // A buffer may back two arrays; listing it twice would make postMessage throw.
  return [...new Set([d.x.buffer, d.y.buffer, ...(d.targets ? [d.targets.buffer] : [])])] as Transferable[];
}
