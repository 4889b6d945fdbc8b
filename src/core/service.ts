/**
 * What a service is: a name, a schema of its own with its migrations, the events it publishes, its consumers, its
 * HTTP routes and its background work. `src/services/<name>/index.ts` exports one `defineService(...)`.
 */
import type { Config, ServiceName } from '../config/schema.js';
import type { Migration } from './db/migrate.js';
import type { Database } from './db/open.js';
import type { ConsumerDefinition } from './events/consumer.js';
import type { EventDefinition } from './events/envelope.js';
import type { ServiceDb } from './events/tables.js';
import type { AccessPolicy } from './http/access.js';
import type { HttpApp } from './http/server.js';
import type { Logger } from './log.js';

export interface ServiceContext<Tables = object> {
  readonly name: ServiceName;
  readonly config: Config;
  /** The service's own schema; its type knows only its own tables. */
  readonly db: ServiceDb<Tables>;
  /**
   * The database, for calling another service's module API with that service's own handle (e.g. the registry asks
   * search for duplicates through `src/services/search/api.ts`); never to read another service's tables directly.
   */
  readonly database: Pick<Database, 'forSchema'>;
  readonly log: Logger;
}

export interface ServiceDefinition<Tables = object> {
  readonly name: ServiceName;
  /** public: reachable from outside (DMZ); internal: only through the gateway. */
  readonly zone: 'public' | 'internal';
  readonly description: string;
  readonly migrations: readonly Migration[];
  /** The events it publishes (its events.ts); a service that publishes none gets no outbox relay. */
  readonly events?: readonly EventDefinition[];
  readonly consumers?: readonly ConsumerDefinition<Tables>[];
  /** Registers the routes under /api/v1. Each route declares its scope. */
  routes?(app: HttpApp, context: ServiceContext<Tables>): void | Promise<void>;
  /** Routes outside /api/v1, such as /.well-known documents. */
  rootRoutes?(app: HttpApp, context: ServiceContext<Tables>): void | Promise<void>;
  /** The policy that checks every route's scope; the auth service provides it. */
  accessPolicy?(context: ServiceContext<Tables>): Promise<AccessPolicy>;
  /** Loads the country's data on the first start in development mode (idempotent). */
  seed?(context: ServiceContext<Tables>): Promise<void>;
  /** Starts background work; returns how to stop it. */
  start?(context: ServiceContext<Tables>): Promise<(() => Promise<void>) | void>;
}

export function defineService<Tables>(definition: ServiceDefinition<Tables>): ServiceDefinition<Tables> {
  return Object.freeze({ ...definition });
}
