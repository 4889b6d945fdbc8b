/**
 * The bus across processes: NATS JetStream. One file-backed stream holds every event (subject
 * `<prefix>.events.<type>`, the event id as message id so a relay's retry is dropped as a duplicate); each consumer
 * is a durable pull consumer with explicit acknowledgement, shared by every copy of its service. Failed events are
 * redelivered after the configured back-off and dead-lettered after the last attempt.
 *
 * NATS may be down when we start: the connection keeps trying, readiness says so, and the outbox holds the events.
 */
import type {
  ConsumerConfig,
  ConsumerMessages,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  StreamConfig,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.js';
import { backoffFor, silentObserver, type Bus, type BusObserver, type RetryPolicy } from './bus.js';
import { deadLetter, handleBatch, wants, type BoundConsumer } from './consumer.js';
import { checkEnvelope, type EventCatalog, type EventEnvelope } from './envelope.js';

export interface NatsBusOptions {
  readonly servers: string;
  readonly token?: string | undefined;
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly replicas: number;
  readonly catalog: EventCatalog;
  readonly retry: RetryPolicy;
  /** Redelivery of an event handed to a consumer that never acknowledged it (its process died). */
  readonly ackWaitMs?: number;
  readonly log: Logger;
  readonly observer?: BusObserver;
  /** How long the stream keeps events, in days. */
  readonly maxAgeDays?: number;
}

interface Connected {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

const BATCH = 500;

/** NATS durations are nanoseconds. */
const nanos = (milliseconds: number) => milliseconds * 1_000_000;

/** The NATS client is loaded only when NATS is configured: single mode never pays for it. */
async function loadClient() {
  const [{ connect }, { jetstream, jetstreamManager }] = await Promise.all([
    import('@nats-io/transport-node'),
    import('@nats-io/jetstream'),
  ]);
  return { connect, jetstream, jetstreamManager };
}

export function createNatsBus(options: NatsBusOptions): Bus {
  const observer = options.observer ?? silentObserver;
  const subjectOf = (type: string) => `${options.subjectPrefix}.events.${type}`;
  const consumers: BoundConsumer[] = [];
  const running: Array<{ messages: ConsumerMessages; idle: () => Promise<void> }> = [];
  let connected: Connected | undefined;
  let state = 'connecting';
  let closed = false;

  const ready: Promise<Connected> = (async () => {
    const { connect, jetstream, jetstreamManager } = await loadClient();
    const nc = await connectWithRetry(connect);
    if (closed) {
      await nc.close();
      throw new Error('bus closed');
    }
    watchStatus(nc);
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm);
    const result = { nc, js: jetstream(nc), jsm };
    connected = result;
    state = 'connected';
    for (const consumer of consumers) await startConsumer(result, consumer);
    return result;
  })();
  ready.catch((error: unknown) => {
    if (closed) return;
    state = `failed: ${(error as Error).message}`;
    options.log.error({ err: error }, 'cannot set up NATS JetStream');
  });

  /** Keeps trying until NATS answers or the bus is closed; once connected, the client reconnects by itself. */
  async function connectWithRetry(connect: Awaited<ReturnType<typeof loadClient>>['connect']): Promise<NatsConnection> {
    for (let attempt = 1; ; attempt += 1) {
      if (closed) throw new Error('bus closed');
      try {
        return await connect({
          servers: options.servers.split(',').map((server) => server.trim()),
          token: options.token,
          name: `civitas-${process.pid}`,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 1000,
          // Stack traces for every request cost ~2 Error objects per publish: measurable at thousands per second.
          noAsyncTraces: true,
        });
      } catch (error) {
        state = `unreachable (${(error as Error).message})`;
        if (attempt === 1)
          options.log.warn({ servers: options.servers }, 'NATS unreachable; events wait in the outbox');
        await sleep(1000);
      }
    }
  }

  function watchStatus(nc: NatsConnection): void {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') state = 'disconnected';
        else if (status.type === 'reconnecting') state = 'reconnecting';
        else if (status.type === 'reconnect') state = 'connected';
      }
    })();
  }

  async function ensureStream(jsm: JetStreamManager): Promise<void> {
    const config: Partial<StreamConfig> & { name: string } = {
      name: options.stream,
      subjects: [`${options.subjectPrefix}.events.>`],
      storage: 'file',
      num_replicas: options.replicas,
      duplicate_window: nanos(120_000),
      max_age: nanos((options.maxAgeDays ?? 7) * 86_400_000),
    };
    try {
      await jsm.streams.info(options.stream);
      await jsm.streams.update(options.stream, config);
    } catch (error) {
      if (!/not found/i.test((error as Error).message)) throw error;
      await jsm.streams.add(config);
    }
  }

  function durableName(consumer: BoundConsumer): string {
    return consumer.id.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  async function startConsumer(link: Connected, consumer: BoundConsumer): Promise<void> {
    const durable = durableName(consumer);
    const types = consumer.types ? [...consumer.types] : undefined;
    // NATS 2.9 (Debian's) filters on one subject only: several types share the events.> filter and are sorted here.
    const filter = types?.length === 1 ? subjectOf(types[0]!) : `${options.subjectPrefix}.events.>`;
    const config: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: 'explicit',
      deliver_policy: 'all',
      filter_subject: filter,
      ack_wait: nanos(options.ackWaitMs ?? 15_000),
      max_deliver: -1,
      max_ack_pending: 2000,
    };
    try {
      await link.jsm.consumers.add(options.stream, config);
    } catch {
      await link.jsm.consumers.update(options.stream, durable, {
        filter_subject: filter,
        max_ack_pending: 2000,
        ack_wait: config.ack_wait,
      });
    }
    const source = await link.js.consumers.get(options.stream, durable);
    const queue: JsMsg[] = [];
    let processing: Promise<void> | undefined;
    const drain = async () => {
      while (queue.length > 0) await processMessages(consumer, queue.splice(0, BATCH));
      processing = undefined;
    };
    const messages = await source.consume({
      max_messages: 1000,
      callback: (message) => {
        queue.push(message);
        processing ??= drain().catch((error: unknown) => {
          processing = undefined;
          options.log.error({ err: error, consumer: consumer.id }, 'consumer batch failed');
        });
      },
    });
    running.push({ messages, idle: async () => void (await processing) });
  }

  async function processMessages(consumer: BoundConsumer, batch: JsMsg[]): Promise<void> {
    const events: EventEnvelope[] = [];
    const sources: JsMsg[] = [];
    for (const message of batch) {
      let raw: unknown;
      try {
        raw = message.json();
      } catch {
        raw = { body: message.string() };
      }
      const check = checkEnvelope(raw, options.catalog);
      if (!check.ok) {
        await settleDeadLetter(consumer, message, raw, check.reason);
        continue;
      }
      if (!wants(consumer, check.event.type)) {
        message.ack();
        continue;
      }
      events.push(check.event);
      sources.push(message);
    }
    const outcomes = await handleBatch(consumer, events);
    let delivered = 0;
    for (const [index, outcome] of outcomes.entries()) {
      const message = sources[index]!;
      if (outcome.ok) {
        message.ack();
        delivered += 1;
        continue;
      }
      observer.failed(consumer, 1);
      const attempt = message.info.deliveryCount;
      if (attempt >= options.retry.maxDeliver)
        await settleDeadLetter(consumer, message, events[index], outcome.error.message);
      else message.nak(backoffFor(options.retry, attempt));
    }
    observer.delivered(consumer, delivered);
  }

  async function settleDeadLetter(
    consumer: BoundConsumer,
    message: JsMsg,
    raw: unknown,
    reason: string,
  ): Promise<void> {
    try {
      await deadLetter(consumer, raw, reason, message.info.deliveryCount);
      message.term(reason.slice(0, 200));
      observer.deadLettered(consumer, 1);
    } catch (error) {
      // Cannot even record it (database down): leave it with NATS to come back later.
      message.nak(backoffFor(options.retry, message.info.deliveryCount));
      options.log.warn({ err: error, consumer: consumer.id }, 'cannot record a dead letter; will retry');
    }
  }

  return {
    kind: 'nats',
    async publish(events) {
      if (!connected || state !== 'connected') throw new Error(`NATS is ${state}`);
      const { js } = connected;
      await Promise.all(
        events.map((event) =>
          js.publish(subjectOf(event.type), JSON.stringify(event), { msgID: event.id, timeout: 5000 }),
        ),
      );
    },
    async subscribe(consumer) {
      if (consumers.some((known) => known.id === consumer.id))
        throw new Error(`consumer ${consumer.id} subscribed twice`);
      consumers.push(consumer);
      if (connected) await startConsumer(connected, consumer);
    },
    status: () => ({ kind: 'nats', connected: state === 'connected', detail: state }),
    async lag() {
      if (!connected || state !== 'connected') return {};
      const lags: Record<string, number> = {};
      for (const consumer of consumers) {
        const info = await connected.jsm.consumers.info(options.stream, durableName(consumer));
        lags[consumer.id] = info.num_pending + info.num_ack_pending;
      }
      return lags;
    },
    async close() {
      closed = true;
      for (const { messages, idle } of running) {
        await messages.close().catch(() => undefined);
        await idle();
      }
      if (connected) await connected.nc.drain().catch(() => undefined);
    },
  };
}
