/**
 * Where the device keeps its places: an IndexedDB database of its own (`civitas-locations`), read and written by the
 * locations worker only. Places are not personal data, so they are kept in plain, for every user of the device.
 *
 * Each page the server sent is kept as it came (its JSON text, `{ items, ... }`: one string is far quicker to store
 * and read than thousands of objects), beside the cursor to read on from, in one transaction: the cursor never runs
 * ahead of the places kept. Once the places are indexed, the index itself is kept (`keepSnapshot`) in place of the
 * pages it holds, so the next start reads it back instead of building it again; pages of later changes accumulate
 * after it until the next snapshot.
 */
import type { IndexSnapshot } from './location-index';

const NAME = 'civitas-locations';
const VERSION = 2;
const STORES = ['pages', 'state', 'snapshot'] as const;

export interface LocationState {
  /** The feed's cursor after the last page kept; null before the first. */
  readonly cursor: string | null;
  /** The server's count of places at the end of the last complete read. */
  readonly total: number | null;
  /** A read from the beginning is under way (its pages are being kept). */
  readonly fullRead: boolean;
}

interface StoredPage {
  readonly id?: number;
  /** A page of the feed as JSON, `{ items: [...] }` (other keys ignored). */
  readonly json: string;
}

const EMPTY: LocationState = { cursor: null, total: null, fullRead: false };

let opening: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opening ??= openWithStores(VERSION);
  return opening;
}

function openWithStores(version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('pages')) db.createObjectStore('pages', { keyPath: 'id', autoIncrement: true });
      if (!db.objectStoreNames.contains('state')) db.createObjectStore('state');
      if (!db.objectStoreNames.contains('snapshot')) db.createObjectStore('snapshot');
    };
    request.onsuccess = () => {
      const db = request.result;
      if (STORES.every((name) => db.objectStoreNames.contains(name))) return resolve(db);
      // Opened before without a version (by a browser tool, say), it exists without its stores: add them.
      db.close();
      openWithStores(db.version + 1).then(resolve, reject);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB cannot be opened'));
  });
}

type Stores = Record<(typeof STORES)[number], IDBObjectStore>;

function transaction<T>(
  mode: IDBTransactionMode,
  work: (stores: Stores) => IDBRequest<T> | void,
): Promise<T | undefined> {
  return database().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction([...STORES], mode);
        const request = work({
          pages: tx.objectStore('pages'),
          state: tx.objectStore('state'),
          snapshot: tx.objectStore('snapshot'),
        });
        tx.oncomplete = () => resolve(request ? request.result : undefined);
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      }),
  );
}

/** Everything kept: the index as last kept (if any), the pages after it in the order they came, where to read on. */
export async function readKept(): Promise<{ snapshot?: IndexSnapshot; pages: string[]; state: LocationState }> {
  let state: LocationState = EMPTY;
  let snapshot: IndexSnapshot | undefined;
  const pages = await transaction<StoredPage[]>('readonly', (stores) => {
    const readState = stores.state.get('state');
    readState.onsuccess = () => {
      if (readState.result) state = readState.result as LocationState;
    };
    const readSnapshot = stores.snapshot.get('index');
    readSnapshot.onsuccess = () => {
      const found = readSnapshot.result as IndexSnapshot | undefined;
      if (found?.version === 1) snapshot = found;
    };
    return stores.pages.getAll() as IDBRequest<StoredPage[]>;
  });
  return { snapshot, pages: (pages ?? []).map((page) => page.json), state };
}

/** Where to read on from, without reading the places. */
export async function readState(): Promise<LocationState> {
  return ((await transaction('readonly', (stores) => stores.state.get('state'))) as LocationState | undefined) ?? EMPTY;
}

/** Keeps one more page and the cursor after it, together. */
export async function keepPage(json: string, state: LocationState): Promise<void> {
  await transaction('readwrite', (stores) => {
    stores.pages.add({ json } satisfies StoredPage);
    stores.state.put(state, 'state');
  });
}

/** Keeps the index in place of every page kept so far (it holds them all), with the state it was taken at. */
export async function keepSnapshot(snapshot: IndexSnapshot, state: LocationState): Promise<void> {
  await transaction('readwrite', (stores) => {
    stores.pages.clear();
    stores.snapshot.put(snapshot, 'index');
    stores.state.put(state, 'state');
  });
}

/** How many pages are kept after the snapshot (many are worth a new snapshot). */
export async function countPages(): Promise<number> {
  return (await transaction<number>('readonly', (stores) => stores.pages.count())) ?? 0;
}
