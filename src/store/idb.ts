/**
 * Fitlab's one IndexedDB database, in a tiny promise wrapper: 'runs' (the run history's full records),
 * 'runIndex' (one small summary per run, what the history list shows), 'uploads' (the user's own datasets,
 * so a reload keeps them) and 'weights' (the last good weights of a run cut short, by run id). Nothing here
 * ever leaves the browser. Pages and workers both use it.
 */

const DB_NAME = 'fitlab';
// 2 added 'uploads', 3 'runIndex', 4 'weights'; the upgrade only creates missing stores, so earlier data is kept
// (the history fills a missing index from 'runs' when it loads).
export const DB_VERSION = 4;
export const STORES = ['runs', 'uploads', 'runIndex', 'weights'] as const;
export type StoreName = (typeof STORES)[number];

/** The 'runIndex' index by [createdAt, id]. */
export const RUN_INDEX_BY_DATE = 'byDate';

let dbPromise: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB');
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      for (const name of STORES) {
        if (req.result.objectStoreNames.contains(name)) continue;
        const store = req.result.createObjectStore(name, { keyPath: 'id' });
        // The history list reads its summaries in date order, in chunks (id breaks ties between equal dates).
        if (name === 'runIndex') store.createIndex(RUN_INDEX_BY_DATE, ['createdAt', 'id']);
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  }).catch((err) => {
    dbPromise = null; // a later call may try again
    throw err;
  });
  return dbPromise;
}

export async function tx<T>(
  store: StoreName,
  mode: IDBTransactionMode,
  work: (s: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T | undefined> {
  const db = await openDb();
  return new Promise<T | undefined>((resolve, reject) => {
    const t = db.transaction(store, mode);
    const req = work(t.objectStore(store));
    t.oncomplete = () => resolve(req ? req.result : undefined);
    t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** One transaction over several stores (all or nothing), e.g. a run's record and its summary. */
export async function txMany(stores: StoreName[], mode: IDBTransactionMode, work: (t: IDBTransaction) => void): Promise<void> {
  const db = await openDb();
  return new Promise<void>((resolve, reject) => {
    const t = db.transaction(stores, mode);
    work(t);
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  });
}
