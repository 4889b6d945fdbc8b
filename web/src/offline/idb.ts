/**
 * A tiny promise wrapper over IndexedDB: the few calls the app makes (get, put, delete, list), each in its own
 * transaction. The database's shape (its stores) is declared here, once.
 */

const NAME = 'civitas';
const VERSION = 2;

/** Store → key path. */
const STORES = {
  /** Per user: the data key, wrapped by a key drawn from their PIN. */
  vaults: 'userId',
  /** Per user: the session (refresh token, who they are), encrypted with their data key. */
  sessions: 'userId',
  /** Declarations and drafts not sent yet, their state, and their data encrypted. */
  outbox: 'id',
  /** The files attached to them, encrypted. */
  files: 'id',
  /** Small plain values: who used the device last. */
  meta: 'key',
  /** Per user: the records assigned to them, downloaded to read and act on offline, encrypted. */
  assigned: 'key',
  /** Actions on those records waiting to be sent (validate, print), their state, their details encrypted. */
  actions: 'id',
} as const;
export type StoreName = keyof typeof STORES;

let opening: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const [name, keyPath] of Object.entries(STORES)) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath });
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB cannot be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is held by an older tab of the app: close it'));
  });
  return opening;
}

function run<T>(name: StoreName, mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return database().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const transaction = db.transaction(name, mode);
        const request = act(transaction.objectStore(name));
        // Resolved when the transaction commits, not on the request's success: then it is on disk.
        transaction.oncomplete = () => resolve(request.result as T);
        transaction.onerror = () => reject(transaction.error ?? request.error ?? new Error('IndexedDB failed'));
        transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
      }),
  );
}

export interface Store<T> {
  get(key: string): Promise<T | undefined>;
  put(value: T): Promise<void>;
  delete(key: string): Promise<void>;
  all(): Promise<T[]>;
}

export function store<T>(name: StoreName): Store<T> {
  return {
    get: (key) => run<T | undefined>(name, 'readonly', (s) => s.get(key)),
    put: async (value) => {
      await run(name, 'readwrite', (s) => s.put(value));
    },
    delete: async (key) => {
      await run(name, 'readwrite', (s) => s.delete(key));
    },
    all: () => run<T[]>(name, 'readonly', (s) => s.getAll()),
  };
}
