/**
 * The services this build knows, by name, each loaded only when configured to run. The one place that imports a
 * service's index.ts; an unknown name is a startup error (the configuration schema lists the valid ones).
 */
import type { ServiceName } from '../config/schema.js';
import { buildEventCatalog, type EventCatalog } from '../core/events/envelope.js';
import type { ServiceDefinition } from '../core/service.js';
import { authEvents } from './auth/events.js';
import { configEvents } from './config/events.js';
import { identityEvents } from './identity/events.js';
import { registryEvents } from './registry/events.js';

type Loader = () => Promise<ServiceDefinition>;

// Each definition is typed with its own tables; the runtime treats them alike.
const load = (module: Promise<{ default: unknown }>) => module.then((loaded) => loaded.default as ServiceDefinition);

export const SERVICE_LOADERS: Readonly<Record<ServiceName, Loader>> = {
  config: () => load(import('./config/index.js')),
  auth: () => load(import('./auth/index.js')),
  registry: () => load(import('./registry/index.js')),
  search: () => load(import('./search/index.js')),
  identity: () => load(import('./identity/index.js')),
  documents: () => load(import('./documents/index.js')),
  notify: () => load(import('./notify/index.js')),
  hooks: () => load(import('./hooks/index.js')),
  exchange: () => load(import('./exchange/index.js')),
  metrics: () => load(import('./metrics/index.js')),
  gateway: () => load(import('./gateway/index.js')),
};

export async function loadServices(names: readonly ServiceName[]): Promise<ServiceDefinition[]> {
  return Promise.all(names.map((name) => SERVICE_LOADERS[name]()));
}

/**
 * Every event type of every service, whether or not it runs in this process: a consumer here validates events
 * published by services on other nodes.
 */
export const EVENT_CATALOG: EventCatalog = buildEventCatalog([
  ...configEvents,
  ...authEvents,
  ...registryEvents,
  ...identityEvents,
]);
