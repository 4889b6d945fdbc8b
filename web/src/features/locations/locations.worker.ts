/**
 * The locations worker: keeps the device's places (IndexedDB), takes the pages of the feed the page fetched for it,
 * builds the search index and answers searches, all off the page's thread, so typing stays quick on a slow phone
 * while 200,000 places are read and indexed. The page talks to it through locations-client.ts.
 *
 * The built index is kept too (a snapshot, in place of the pages it holds): a later start reads it back, and only the
 * pages of changes since, instead of reading every place and building the index again.
 */
import { countPages, keepPage, keepSnapshot, readKept, readState, type LocationState } from './location-db';
import { LocationIndex, type Location, type LocationHit, type LocationType } from './location-index';
import type { FeedSummary, WorkerAnswer, WorkerRequest } from './worker-protocol';

/** Pages of changes kept after the snapshot before a new snapshot is taken. */
const MOST_PAGES = 20;

let index = new LocationIndex();
let state: LocationState = { cursor: null, total: null, fullRead: false };
let opened: Promise<FeedSummary> | undefined;
/** The places a read from the beginning has sent so far (those it did not send are gone from the server). */
let sentInFullRead: Set<string> | undefined;
/** IndexedDB writes, one after the other (a snapshot clears the pages kept before it, never one kept after). */
let writing: Promise<void> = Promise.resolve();

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerAnswer): void;
};

/** Time this worker has spent reading and indexing places (ms), for measuring: a browser slows pages, not workers. */
let workMs = 0;

function timed<T>(work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    workMs += performance.now() - started;
  }
}

function write(work: () => Promise<void>): Promise<void> {
  writing = writing.then(work, work);
  return writing;
}

function summary(more = false): FeedSummary {
  return { count: index.size, cursor: state.cursor, total: state.total, fullRead: state.fullRead, more, workMs };
}

const itemsOf = (json: string): Location[] => {
  const parsed = JSON.parse(json) as { items: Location[] } | Location[];
  return Array.isArray(parsed) ? parsed : parsed.items;
};

/** Builds the index again, and keeps it in place of the pages it now holds. */
function snapshotNow(): void {
  const taken = timed(() => {
    index.rebuild();
    warmUp();
    return index.snapshot();
  });
  const at = state;
  void write(() => keepSnapshot(taken, at));
}

function open(): Promise<FeedSummary> {
  opened ??= (async () => {
    // Counted as work whole: reading the snapshot back (deserialising it) runs on this thread.
    const reading = performance.now();
    const kept = await readKept();
    workMs += performance.now() - reading;
    state = kept.state;
    timed(() => {
      if (kept.snapshot) index = LocationIndex.fromSnapshot(kept.snapshot);
      for (const page of kept.pages) index.upsert(itemsOf(page));
    });
    if (!kept.snapshot && index.size > 0 && !state.fullRead) snapshotNow();
    else timed(warmUp);
    return summary();
  })();
  return opened;
}

/** One page of the feed, as the server sent it. */
async function apply(body: ArrayBuffer, fromStart: boolean): Promise<FeedSummary> {
  await open();
  const json = new TextDecoder().decode(body);
  const page = timed(() => JSON.parse(json) as { items: Location[]; cursor: string; more: boolean; total?: number });
  if (fromStart) sentInFullRead = new Set();
  timed(() => index.upsert(page.items));
  if (sentInFullRead) for (const item of page.items) sentInFullRead.add(`${item.type}:${item.code}`);
  const full = fromStart || state.fullRead;
  state = { cursor: page.cursor, total: page.more ? state.total : (page.total ?? null), fullRead: full && page.more };
  const at = state;
  await write(() => keepPage(json, at));
  if (!page.more) {
    if (full && sentInFullRead) index.retainOnly(sentInFullRead);
    sentInFullRead = undefined;
    // After a read of everything, or many small ones: the index is built again and kept. The answer does not wait
    // for the snapshot to be written.
    if (full || !index.built || (await countPages()) > MOST_PAGES) snapshotNow();
  }
  return summary(page.more);
}

/** The places found, and the time the search took here (ms): the page shows it, for measuring. */
async function search(query: string, types: readonly LocationType[] | undefined, limit: number) {
  await open();
  const started = performance.now();
  const hits = index.search(query, { types, limit });
  return { hits, ms: performance.now() - started };
}

/** A few searches after a build or a start, so the first keystrokes do not wait for the engine to compile them. */
function warmUp(): void {
  for (const query of ['a', 'ka', 'ma e', 'ki', 'n', 'mu c', 'zz']) index.search(query, { limit: 20 });
}

async function find(keys: readonly string[]): Promise<LocationHit[]> {
  await open();
  return keys.flatMap((key) => {
    const split = key.indexOf(':');
    const hit = index.describe(key.slice(0, split) as LocationType, key.slice(split + 1));
    return hit ? [hit] : [];
  });
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'state':
      return opened ? summary() : { ...summary(), ...(await readState()), count: 0 };
    case 'open':
      return open();
    case 'apply':
      return apply(request.body, request.fromStart);
    case 'search':
      return search(request.query, request.types, request.limit);
    case 'find':
      return find(request.keys);
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  handle(request).then(
    (result) => scope.postMessage({ id: request.id, ok: true, result }),
    (error: unknown) =>
      scope.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
};
