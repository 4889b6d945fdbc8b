/**
 * The page's side of the device's places: it fetches the locations feed (all of it once, then what changed, through
 * the session's `api` so tokens are renewed), hands each page's bytes to the locations worker (which keeps, indexes
 * and searches them), and asks the worker what the user types. Names already seen are remembered here, so a form or
 * a record shows a place's name without waiting.
 *
 * Loaded with the signed-in part of the app; the worker is its own file, fetched when the places are first needed.
 */
import { useSyncExternalStore } from 'react';
import type { Api } from '../../api/http';
import type { LocationHit, LocationType } from './location-index';
import type { FeedSummary, WorkerAnswer, WorkerRequest } from './worker-protocol';

export type { LocationHit, LocationType } from './location-index';

export interface LocationsStatus {
  /** loading: the first read is under way (nothing to search yet); ready: the copy can be searched. */
  readonly phase: 'idle' | 'loading' | 'ready' | 'error';
  readonly count: number;
  /** When the copy was last brought up to date (epoch ms), in this session. */
  readonly updatedAt?: number;
  /** The worker's time spent reading and indexing places (ms), for measuring. */
  readonly workerMs?: number;
  readonly error?: string;
}

/** Places per request: about 1 MB of JSON, 150 KB compressed. */
const PAGE = 10_000;
const RESYNC_MS = 10 * 60_000;
const RETRY_MS = 30_000;

let worker: Worker | undefined;
let nextId = 1;
const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

function call<T>(request: Request, transfer: Transferable[] = []): Promise<T> {
  worker ??= startWorker();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
    worker!.postMessage({ ...request, id } as WorkerRequest, transfer);
  });
}

function startWorker(): Worker {
  const started = new Worker(new URL('./locations.worker.ts', import.meta.url), { type: 'module' });
  started.onmessage = (event: MessageEvent<WorkerAnswer>) => {
    const answer = event.data;
    const waiting = calls.get(answer.id);
    calls.delete(answer.id);
    if (answer.ok) waiting?.resolve(answer.result);
    else waiting?.reject(new Error(answer.error));
  };
  started.onerror = (event) => {
    for (const waiting of calls.values()) waiting.reject(new Error(event.message || 'the locations worker failed'));
    calls.clear();
  };
  return started;
}

let status: LocationsStatus = { phase: 'idle', count: 0 };
const listeners = new Set<() => void>();

function setStatus(next: LocationsStatus): void {
  status = next;
  listeners.forEach((listener) => listener());
}

export function useLocationsStatus(): LocationsStatus {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => status,
  );
}

const known = new Map<string, LocationHit>();
const keyOf = (type: LocationType, code: string) => `${type}:${code}`;

function remember(hits: readonly LocationHit[]): void {
  for (const hit of hits) known.set(keyOf(hit.type, hit.code), hit);
}

/** A place's name, if this page has seen it (a search showed it, or `resolveLocations` asked for it). */
export function knownLocation(type: LocationType, code: string): LocationHit | undefined {
  return known.get(keyOf(type, code));
}

/** Makes the names of these places known (`knownLocation`); places the device does not have stay unknown. */
export async function resolveLocations(wanted: readonly { type: LocationType; code: string }[]): Promise<void> {
  const keys = [...new Set(wanted.map((place) => keyOf(place.type, place.code)))].filter((key) => !known.has(key));
  if (keys.length > 0) remember(await call<LocationHit[]>({ op: 'find', keys }));
}

/**
 * The places best matching what the user typed (at most `limit`), of the given types, and how long the worker took
 * to find them (ms).
 */
export async function searchLocations(
  query: string,
  types: readonly LocationType[],
  limit = 20,
): Promise<{ hits: LocationHit[]; ms: number }> {
  const answer = await call<{ hits: LocationHit[]; ms: number }>({ op: 'search', query, types, limit });
  remember(answer.hits);
  return answer;
}

let syncing: Promise<void> | undefined;

/** Brings the device's places up to date: everything the first time, then what changed. */
export function syncLocations(api: Api): Promise<void> {
  syncing ??= runSync(api).finally(() => (syncing = undefined));
  return syncing;
}

async function runSync(api: Api): Promise<void> {
  if (status.phase === 'idle' || status.phase === 'error') setStatus({ ...status, phase: 'loading' });
  try {
    // The request for what changed goes out while the worker reads the kept places.
    const kept = await call<FeedSummary>({ op: 'state' });
    const opening = call<FeedSummary>({ op: 'open' }).then((opened) => {
      if (status.phase === 'loading' && opened.count > 0 && !opened.fullRead) {
        setStatus({ ...status, phase: 'ready', count: opened.count, workerMs: opened.workMs });
      }
    });
    const read = async () => {
      let summary = await readOn(api, kept.cursor, kept.cursor === null);
      // Places are never deleted: a copy whose count differs from the server's is off (a restored server, say).
      if (summary.total !== null && summary.total !== summary.count) summary = await readOn(api, null, true);
    };
    // One tab of the app reads at a time; another only loads what the device kept.
    if ('locks' in navigator) {
      await navigator.locks.request('civitas-locations', { ifAvailable: true }, (lock) => lock && read());
    } else await read();
    await opening;
    setStatus({ ...status, phase: 'ready', updatedAt: Date.now(), error: undefined });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    setStatus({ ...status, phase: status.count > 0 ? 'ready' : 'error', error: message });
    throw error;
  }
}

/**
 * Reads the feed from `from` to its end. The next page is asked for (from the Feed-Cursor header) while the worker
 * reads the one before, so the network and the worker work side by side.
 */
async function readOn(api: Api, from: string | null, fromStart: boolean): Promise<FeedSummary> {
  const fetchPage = async (cursor: string | null) => {
    const query = `limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await api(`/locations?${query}`, { timeoutMs: 60_000 });
    const next = response.headers.get('feed-cursor');
    const more = response.headers.get('feed-more') === 'true';
    return { body: await response.arrayBuffer(), next: more && next ? next : undefined };
  };
  let page = await fetchPage(from);
  let first = fromStart;
  for (;;) {
    const following = page.next ? fetchPage(page.next) : undefined;
    // A failed read ahead is seen when awaited, not before.
    following?.catch(() => undefined);
    const summary = await call<FeedSummary>({ op: 'apply', body: page.body, fromStart: first }, [page.body]);
    first = false;
    setStatus({ ...status, count: summary.count, workerMs: summary.workMs });
    if (!summary.more) return summary;
    page = following ? await following : await fetchPage(summary.cursor);
  }
}

/**
 * Keeps the places up to date while the app is unlocked: now, when the connection returns, and every 10 minutes.
 * Answers a function that stops it.
 */
export function keepLocationsUpdated(api: Api): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const run = () => {
    clearTimeout(timer);
    syncLocations(api).then(
      () => !stopped && (timer = setTimeout(run, RESYNC_MS)),
      () => !stopped && (timer = setTimeout(run, RETRY_MS)),
    );
  };
  window.addEventListener('online', run);
  run();
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('online', run);
  };
}
