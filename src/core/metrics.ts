/**
 * Prometheus metrics of one process: request latency, events through the outbox and the bus, lags and pool use.
 * Gauges that need a query (outbox and consumer lag) are read when /metrics is scraped, not on a timer.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BusObserver } from './events/bus.js';

export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsPublished: Counter<'source'>;
  readonly busObserver: BusObserver;
  /** Registers the functions the lag and pool gauges read at scrape time. */
  setSources(sources: MetricSources): void;
}

export interface MetricSources {
  outboxLag(): Promise<ReadonlyArray<{ schema: string; pending: number; oldestSeconds: number }>>;
  consumerLag(): Promise<Record<string, number>>;
  pool(): { total: number; idle: number; waiting: number };
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'civitas_' });
  let sources: MetricSources | undefined;

  const httpDuration = new Histogram({
    name: 'civitas_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const eventsPublished = new Counter({
    name: 'civitas_events_published_total',
    help: 'Events the relay moved from an outbox to the bus',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const delivered = new Counter({
    name: 'civitas_events_consumed_total',
    help: 'Events a consumer handled (first time or recognised duplicate)',
    labelNames: ['consumer'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'civitas_events_failed_total',
    help: 'Event deliveries that failed and will be retried or dead-lettered',
    labelNames: ['consumer'] as const,
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: 'civitas_events_dead_lettered_total',
    help: 'Events set aside as dead letters after their last attempt or because they were invalid',
    labelNames: ['consumer'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'civitas_outbox_pending_events',
    help: 'Committed events not yet on the bus, per service outbox',
    labelNames: ['schema'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const lag of (await sources?.outboxLag().catch(() => [])) ?? [])
        this.set({ schema: lag.schema }, lag.pending);
    },
  });
  new Gauge({
    name: 'civitas_outbox_oldest_pending_seconds',
    help: 'Age of the oldest committed event not yet on the bus (outbox lag)',
    labelNames: ['schema'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const lag of (await sources?.outboxLag().catch(() => [])) ?? []) {
        this.set({ schema: lag.schema }, lag.oldestSeconds);
      }
    },
  });
  new Gauge({
    name: 'civitas_consumer_lag_events',
    help: 'Events waiting for or being handled by each consumer',
    labelNames: ['consumer'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const lags: Record<string, number> = (await sources?.consumerLag().catch(() => ({}))) ?? {};
      for (const [consumer, lag] of Object.entries(lags)) this.set({ consumer }, lag);
    },
  });
  new Gauge({
    name: 'civitas_db_pool_connections',
    help: 'Database connections by state (total, idle, waiting requests)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources?.pool();
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });

  return {
    registry,
    httpDuration,
    eventsPublished,
    busObserver: {
      delivered: (consumer, count) => {
        if (count > 0) delivered.inc({ consumer: consumer.id }, count);
      },
      failed: (consumer, count) => {
        if (count > 0) failed.inc({ consumer: consumer.id }, count);
      },
      deadLettered: (consumer, count) => {
        if (count > 0) deadLettered.inc({ consumer: consumer.id }, count);
      },
    },
    setSources(next) {
      sources = next;
    },
  };
}
