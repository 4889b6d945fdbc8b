/**
 * The event bus a relay publishes to and consumers receive from: in-process in single mode, NATS JetStream across
 * processes. Both give the same promise: at-least-once delivery to every durable consumer, retries with back-off,
 * and a dead letter after the configured number of attempts.
 */
import type { EventEnvelope } from './envelope.js';
import type { BoundConsumer } from './consumer.js';

export interface BusStatus {
  readonly kind: 'local' | 'nats';
  readonly connected: boolean;
  readonly detail: string;
}

export interface Bus {
  readonly kind: 'local' | 'nats';
  /** Resolves once the bus has taken responsibility for every event; rejects if it cannot (the relay retries). */
  publish(events: readonly EventEnvelope[]): Promise<void>;
  /** Starts delivering to a durable consumer. */
  subscribe(consumer: BoundConsumer): Promise<void>;
  status(): BusStatus;
  /** Events not yet handled, per consumer id. */
  lag(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface RetryPolicy {
  /** Delivery attempts before dead-lettering. */
  readonly maxDeliver: number;
  /** Wait before the n-th redelivery; the last value repeats. */
  readonly backoffMs: readonly number[];
}

export function backoffFor(policy: RetryPolicy, attempt: number): number {
  return policy.backoffMs[Math.min(attempt - 1, policy.backoffMs.length - 1)] ?? 1000;
}

/** What buses report so /metrics can count it. */
export interface BusObserver {
  delivered(consumer: BoundConsumer, count: number): void;
  failed(consumer: BoundConsumer, count: number): void;
  deadLettered(consumer: BoundConsumer, count: number): void;
}

export const silentObserver: BusObserver = { delivered() {}, failed() {}, deadLettered() {} };
