/**
 * The service worker: the app starts and works with no connection.
 *
 * - The app shell (index.html and every file of the build) is cached when the worker installs, and served from the
 *   cache first: an offline start, and a fast one on a slow link. A new build is a new worker (its list differs),
 *   which takes over at once and drops the files of older builds.
 * - The configuration the forms need (event types, areas, facilities, offices, settings) is fetched from the
 *   network when it answers within a few seconds, and else from the last copy kept.
 * - Everything else (records, sign-in, documents) goes to the network untouched: personal data is never cached here.
 *
 * web/build.ts compiles this file and sets the two constants below.
 */
declare const __PRECACHE__: readonly string[];
declare const __BUILD__: string;

const worker = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `civitas-shell-${__BUILD__}`;
const CONFIG = 'civitas-config-1';
const NETWORK_WAIT_MS = 4000;

/** Addresses the server answers itself: never the app's page. */
const RESERVED = ['/api', '/health', '/.well-known', '/openapi.json', '/docs', '/metrics', '/verify'];
const CONFIGURATION = [
  /^\/api\/v1\/event-types(\/[a-z][a-z0-9-]*)?$/,
  /^\/api\/v1\/(areas|facilities|offices)$/,
  /^\/settings\.json$/,
];

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      // cache: 'reload' skips the HTTP cache, so the copy kept is the one this build lists.
      await cache.addAll(__PRECACHE__.map((path) => new Request(path, { cache: 'reload' })));
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('civitas-shell-') && name !== SHELL) await caches.delete(name);
      }
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  const path = url.pathname;
  if (CONFIGURATION.some((pattern) => pattern.test(path))) {
    event.respondWith(networkFirst(request));
    return;
  }
  if (RESERVED.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return;
  if (request.mode === 'navigate') {
    event.respondWith(shellPage(request));
    return;
  }
  event.respondWith(cacheFirst(request));
});

async function shellPage(request: Request): Promise<Response> {
  const cached = await caches.match('/index.html', { cacheName: SHELL });
  return cached ?? fetch(request);
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: SHELL });
  return cached ?? fetch(request);
}

/** The network's answer if it comes in time (and is kept), else the last answer kept, else the network's anyway. */
async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CONFIG);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  network.catch(() => undefined); // answered from the cache below; the failure needs no other handling
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), NETWORK_WAIT_MS));
  try {
    const first = await Promise.race([network, timeout]);
    if (first) return first;
  } catch {
    // No connection: the copy below.
  }
  const kept = await cache.match(request);
  return kept ?? network;
}
