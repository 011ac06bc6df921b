import type { ImageOptions, TableOptions } from '../core/data/custom';
import { PRESETS } from '../core/preset/presets';
import type { Settings } from '../core/preset/schema';
import { isFromImporter, type FromImporter, type ImportResult, type InputFile, type ToImporter } from '../worker/import-protocol';
import { setSettings } from './actions';
import { keepUpload, useUploads, type UploadRecord } from './uploads';

/**
 * Importing the user's files: the import worker reads and decodes them (the page never freezes), progress and
 * errors land in the uploads store, and a finished import becomes the lab's dataset. A failed import leaves
 * the previous data and every setting as they were.
 */

let worker: Worker | null = null;
let nextId = 1;
/** The job whose answers still count; an older job's late answers are ignored. */
let current = 0;
let started = 0;
/** The files of the current job, and of the image set loaded last: options can be applied to it again. */
let jobFiles: InputFile[] = [];
let imageFiles: InputFile[] | null = null;

function importer(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../worker/import.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<unknown>) => (isFromImporter(e.data) ? onMessage(e.data) : undefined);
  worker.onerror = (e) => {
    e.preventDefault();
    worker?.terminate();
    worker = null;
    fail(
      'The import stopped unexpectedly (the browser may have run out of memory).',
      'Try a smaller file, fewer images or a smaller image size.',
    );
  };
  return worker;
}

function fail(message: string, hint: string): void {
  useUploads.setState((s) => ({ progress: null, error: { message, hint }, finished: s.finished + 1 }));
}

function send(msg: ToImporter): void {
  current = msg.id;
  started = performance.now();
  useUploads.setState({ error: null, progress: { label: 'Starting', done: 0, total: 1 } });
  importer().postMessage(msg);
}

/** Reads the chosen files (a table, images, a zip or CIFAR-10 batches) into the lab's own-data slot. */
export function importData(files: InputFile[], image: ImageOptions): void {
  jobFiles = files;
  send({ type: 'import', id: nextId++, files, image });
}

/**
 * Whether the loaded image set can be imported again with other options (size, colour, fit) without
 * choosing its files again: true while its files are still held (not after a reload).
 */
export function canReapplyImageOptions(): boolean {
  return imageFiles !== null && useUploads.getState().images !== null;
}

/** Imports the loaded image set's files again with `image`; the current set stays until the new one is ready. */
export function reapplyImageOptions(image: ImageOptions): void {
  if (imageFiles) importData(imageFiles, image);
}

/** Rebuilds the loaded table with other options (target, task, columns, missing values). */
export function rebuildTable(options: TableOptions): void {
  const table = useUploads.getState().table;
  if (!table?.table) return;
  send({ type: 'build-table', id: nextId++, table: table.table, options, name: table.name, bytes: table.bytes });
}

export function dismissImportError(): void {
  useUploads.setState({ error: null });
}

function onMessage(m: FromImporter): void {
  if (m.id !== current) return;
  if (m.type === 'progress') useUploads.setState({ progress: { label: m.label, done: m.done, total: m.total } });
  else if (m.type === 'error') fail(m.message, m.hint);
  else void finish(m.result);
}

/**
 * The CIFAR-10 exercise as the course runs it: the cifar-cnn preset's network and optimiser
 * (Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10, Adam), validation split 0.2 of the training batches.
 */
function cifarExercise(): Partial<Settings> {
  const preset = PRESETS.find((p) => p.id === 'cifar-cnn')?.settings ?? {};
  const { model, conv, kernel, dense, optimizer, lr } = structuredClone(preset);
  return { model, conv, kernel, dense, optimizer, lr, val: 0.2 };
}

async function finish(r: ImportResult): Promise<void> {
  const { kind, ...content } = r;
  const record: UploadRecord = { ...content, id: kind, loadMs: performance.now() - started, createdAt: new Date().toISOString() };
  // Image folders and zips, not CIFAR batches: those have no options to apply again.
  if (kind === 'images') imageFiles = r.source === 'cifar' ? null : jobFiles;
  // The data is chosen at once; storing it for the next visit goes on meanwhile (the database may still be opening).
  const kept = keepUpload(record);
  setSettings(r.source === 'cifar' ? { dataset: 'images', ...cifarExercise() } : { dataset: r.kind });
  await kept;
}
