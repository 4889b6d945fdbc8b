/**
 * The in-process bus of single mode. `publish` resolves once every consumer has handled each event (or set it aside
 * as a dead letter); until then the relay keeps the events in the outbox, so a crash mid-way loses nothing and the
 * restart redelivers to consumers that are idempotent anyway.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffFor, silentObserver, type Bus, type BusObserver, type RetryPolicy } from './bus.js';
import { deadLetter, handleBatch, wants, type BoundConsumer } from './consumer.js';
import { checkEnvelope, type EventCatalog, type EventEnvelope } from './envelope.js';

export interface LocalBusOptions {
  readonly catalog: EventCatalog;
  readonly retry: RetryPolicy;
  readonly observer?: BusObserver;
}

export function createLocalBus(options: LocalBusOptions): Bus {
  const consumers: BoundConsumer[] = [];
  const inFlight = new Map<string, number>();
  const closing = new AbortController();
  const observer = options.observer ?? silentObserver;

  async function deliver(consumer: BoundConsumer, events: readonly EventEnvelope[]): Promise<void> {
    let pending: EventEnvelope[] = [];
    for (const raw of events) {
      const check = checkEnvelope(raw, options.catalog);
      if (check.ok) pending.push(check.event);
      else {
        await deadLetter(consumer, raw, check.reason, 1);
        observer.deadLettered(consumer, 1);
      }
    }
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const outcomes = await handleBatch(consumer, pending);
      const failed = pending.filter((_, index) => !outcomes[index]!.ok);
      observer.delivered(consumer, pending.length - failed.length);
      if (failed.length === 0) return;
      observer.failed(consumer, failed.length);
      if (attempt >= options.retry.maxDeliver) {
        for (const [index, event] of pending.entries()) {
          const outcome = outcomes[index]!;
          if (!outcome.ok) await deadLetter(consumer, event, outcome.error.message, attempt);
        }
        observer.deadLettered(consumer, failed.length);
        return;
      }
      await sleep(backoffFor(options.retry, attempt), undefined, { signal: closing.signal });
      pending = failed;
    }
  }

  return {
    kind: 'local',
    async publish(events) {
      await Promise.all(
        consumers.map(async (consumer) => {
          const mine = events.filter((event) => wants(consumer, event.type));
          if (mine.length === 0) return;
          inFlight.set(consumer.id, (inFlight.get(consumer.id) ?? 0) + mine.length);
          try {
            await deliver(consumer, mine);
          } finally {
            inFlight.set(consumer.id, (inFlight.get(consumer.id) ?? 0) - mine.length);
          }
        }),
      );
    },
    async subscribe(consumer) {
      if (consumers.some((known) => known.id === consumer.id))
        throw new Error(`consumer ${consumer.id} subscribed twice`);
      consumers.push(consumer);
      inFlight.set(consumer.id, 0);
    },
    status: () => ({ kind: 'local', connected: true, detail: 'in-process' }),
    lag: async () => Object.fromEntries(inFlight),
    async close() {
      closing.abort();
    },
  };
}
