/**
 * Starts Civitas: load the named services → open the database → migrate → seed → subscribe consumers → start the
 * relay → listen. `stop()` drains in the reverse order.
 */
import { readFileSync } from 'node:fs';
import type { Config } from './config/schema.js';
import { NoServicesError } from './no-services-error.js';
import { defaultNodeName, migrateCluster, startHeartbeat } from './core/cluster/nodes.js';
import { migrate, pendingMigrations, type MigrationPlan } from './core/db/migrate.js';
import { openDatabase, type Database } from './core/db/open.js';
import { retryUntilPrimary } from './core/db/wait-for-primary.js';
import type { Bus } from './core/events/bus.js';
import { bindConsumer, type BoundConsumer } from './core/events/consumer.js';
import { createLocalBus } from './core/events/local-bus.js';
import { startRelay, type Relay } from './core/events/relay.js';
import { startRetention } from './core/events/retention.js';
import type { CoreEventTables } from './core/events/tables.js';
import { defaultAccessPolicy, type AccessPolicy } from './core/http/access.js';
import { healthRoutes, runChecks, type Readiness } from './core/http/health.js';
import { API_PREFIX, createHttpServer, type HttpApp } from './core/http/server.js';
import { createLogger, type Logger } from './core/log.js';
import { createMetrics, type Metrics } from './core/metrics.js';
import type { ServiceContext, ServiceDefinition } from './core/service.js';
import { EVENT_CATALOG, loadServices } from './services/index.js';
import type { Kysely } from 'kysely';

export interface Civitas {
  readonly config: Config;
  readonly app: HttpApp;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:8080 (https:// with http.tls) */
  readonly url: string;
  readonly database: Database;
  readonly bus: Bus;
  readonly relay: Relay;
  readonly metrics: Metrics;
  readonly consumers: readonly BoundConsumer[];
  readonly log: Logger;
  readiness(): Promise<Readiness>;
  /** Stops accepting, finishes in-flight requests, flushes the outbox, closes the bus and the database. */
  stop(): Promise<void>;
}

/** What to stop, in the order things started; stopped in reverse. */
type Cleanup = Array<[name: string, stop: () => Promise<void>]>;

/** The HTTPS certificate and key, or an error that names the file and the key it came from. */
function readTlsFiles(tls: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
  const read = (file: string, key: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`${key}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  };
  return { cert: read(tls.certFile, 'http.tls.certFile'), key: read(tls.keyFile, 'http.tls.keyFile') };
}

import { VERSION } from './version.js';
export { VERSION };
export { NoServicesError } from './no-services-error.js';

export async function startCivitas(config: Config, options: { log?: Logger; listen?: boolean } = {}): Promise<Civitas> {
  if (config.services.length === 0) throw new NoServicesError();
  const log = options.log ?? createLogger({ level: config.log.level });
  const services = await loadServices(config.services);
  const database = await retryUntilPrimary(
    () => openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: config.database.poolSize }),
    { log, timeoutMs: config.database.startupWaitSeconds * 1000, step: 'connect' },
  );
  const cleanup: Cleanup = [['database', () => database.close()]];
  try {
    return await assemble(config, log, services, database, cleanup, options.listen ?? true);
  } catch (error) {
    for (const [, step] of cleanup.reverse()) await step().catch(() => undefined);
    throw error;
  }
}

async function assemble(
  config: Config,
  log: Logger,
  services: readonly ServiceDefinition[],
  database: Database,
  cleanup: Cleanup,
  listen: boolean,
): Promise<Civitas> {
  const plans: MigrationPlan[] = services.map((service) => ({ schema: service.name, migrations: service.migrations }));
  const untilPrimary = { log, timeoutMs: config.database.startupWaitSeconds * 1000 };
  const outcomes = await retryUntilPrimary(() => migrate(database.root, plans), { ...untilPrimary, step: 'migrate' });
  for (const outcome of outcomes) {
    if (outcome.applied.length > 0) log.info({ schema: outcome.schema, applied: outcome.applied }, 'migrated');
  }
  await retryUntilPrimary(() => migrateCluster(database), { ...untilPrimary, step: 'migrate cluster' });

  const metrics = createMetrics();
  const retry = { maxDeliver: config.nats.maxDeliver, backoffMs: config.nats.backoffMs };
  const bus = config.nats.url
    ? (await import('./core/events/nats-bus.js')).createNatsBus({
        servers: config.nats.url,
        token: config.nats.token,
        stream: config.nats.stream,
        subjectPrefix: config.nats.subjectPrefix,
        replicas: config.nats.replicas,
        catalog: EVENT_CATALOG,
        retry,
        ackWaitMs: config.nats.ackWaitMs,
        log,
        observer: metrics.busObserver,
      })
    : createLocalBus({ catalog: EVENT_CATALOG, retry, observer: metrics.busObserver });
  cleanup.push(['bus', () => bus.close()]);

  const contexts = services.map((service): ServiceContext => ({
    name: service.name,
    config,
    db: database.forSchema(service.name),
    database,
    log: log.child({ service: service.name }),
  }));

  if (config.seed.enabled) {
    for (const [index, service] of services.entries()) await service.seed?.(contexts[index]!);
  }

  const consumers: BoundConsumer[] = [];
  for (const [index, service] of services.entries()) {
    for (const definition of service.consumers ?? []) {
      const db = contexts[index]!.db as unknown as Kysely<CoreEventTables>;
      const consumer = bindConsumer(service.name, db, definition);
      await bus.subscribe(consumer);
      consumers.push(consumer);
    }
  }

  const relay = await startRelay({
    database,
    schemas: services.filter((service) => (service.events ?? []).length > 0).map((service) => service.name),
    bus,
    log,
    batchSize: config.outbox.batchSize,
    pollIntervalMs: config.outbox.pollIntervalMs,
    retentionHours: config.outbox.retentionHours,
    onPublished: (schema, events) => metrics.eventsPublished.inc({ source: schema }, events.length),
  });
  cleanup.push([
    'outbox relay',
    async () => {
      await relay.flush().catch((error: unknown) => {
        log.warn({ err: error }, 'events remain in the outbox; they are sent after the next start');
      });
      await relay.stop();
    },
  ]);

  const retention = startRetention({ consumers, retentionDays: config.outbox.processedRetentionDays, log });
  cleanup.push(['retention', async () => retention.stop()]);

  for (const [index, service] of services.entries()) {
    const stopService = await service.start?.(contexts[index]!);
    if (stopService) cleanup.push([`${service.name} background work`, stopService]);
  }

  metrics.setSources({ outboxLag: () => relay.lag(), consumerLag: () => bus.lag(), pool: () => database.stats() });

  // The auth service's policy when it runs here; else its public keys from auth.jwksUrl; else open in development,
  // closed in any other mode.
  let access: AccessPolicy = config.auth.jwksUrl
    ? (await import('./services/auth/api.js')).remoteAccessPolicy(config.auth.jwksUrl, log)
    : defaultAccessPolicy(config.env);
  for (const [index, service] of services.entries()) {
    if (service.accessPolicy) access = await service.accessPolicy(contexts[index]!);
  }
  const app = await createHttpServer({
    log,
    metrics,
    bodyLimitBytes: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    version: VERSION,
    access: () => access,
    tls: config.http.tls && readTlsFiles(config.http.tls),
  });
  cleanup.push(['http server', () => app.close()]);

  let migrationsChecked = Date.now(); // just migrated
  const readiness = () =>
    runChecks(
      {
        database: async () => {
          await database.ping();
          return { ok: true, detail: database.kind };
        },
        bus: async () => {
          const status = bus.status();
          return { ok: status.connected, detail: `${status.kind}: ${status.detail}` };
        },
        migrations: async () => {
          // Checked at most every 10 s: another node may have migrated the schema past what this build knows.
          if (Date.now() - migrationsChecked < 10_000) return { ok: true, detail: 'up to date' };
          const pending = await pendingMigrations(database.root, plans);
          if (pending.length === 0) migrationsChecked = Date.now();
          return pending.length === 0
            ? { ok: true, detail: 'up to date' }
            : { ok: false, detail: `pending: ${pending.join(', ')}` };
        },
      },
      2000,
      ['bus'],
    );
  healthRoutes(app, readiness);
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  for (const [index, service] of services.entries()) {
    const context = contexts[index]!;
    if (service.routes) {
      await app.register(async (scoped) => service.routes?.(scoped as HttpApp, context), { prefix: API_PREFIX });
    }
    if (service.rootRoutes) await app.register(async (scoped) => service.rootRoutes?.(scoped as HttpApp, context));
  }
  await app.ready();

  let url = '';
  if (listen) url = await app.listen({ host: config.http.host, port: config.http.port });
  const heartbeat = startHeartbeat(
    database,
    {
      name: config.node.name ?? defaultNodeName(url ? Number(new URL(url).port) : config.http.port),
      url: config.node.url ?? (url || undefined),
      services: config.services,
      version: VERSION,
    },
    log,
  );
  await heartbeat.first;
  // Removed before the HTTP server closes: a node that is draining is already gone from the cluster's list.
  cleanup.push(['heartbeat', heartbeat.stop]);
  log.info(
    { url, services: config.services, database: database.kind, bus: bus.kind, access: access.description },
    'civitas is ready',
  );

  let stopping: Promise<void> | undefined;
  return {
    config,
    app,
    url,
    database,
    bus,
    relay,
    metrics,
    consumers,
    log,
    readiness,
    stop() {
      stopping ??= (async () => {
        for (const [name, step] of cleanup.reverse()) {
          log.debug({ step: name }, 'stopping');
          await step().catch((error: unknown) => log.error({ err: error, step: name }, 'error while stopping'));
        }
      })();
      return stopping;
    },
  };
}
