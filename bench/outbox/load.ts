/** One measured load: producers commit events, then it waits until the consumer has handled them all. */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance as nodePerformance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { appendEvents } from '../../src/core/events/outbox.js';
import type { CoreEventTables } from '../../src/core/events/tables.js';
import { epochNow, measureCpu, percentile } from '../lib.js';
import { ItemCreated, PRODUCER_SCHEMA } from './workload.js';

/** Commit and handling times by event id, for one load. */
export class Clock {
  readonly committed = new Map<string, number>();
  readonly handled = new Map<string, number>();
  handlerCalls = 0;
}

export interface LoadResult {
  readonly events: number;
  readonly handled: number;
  readonly complete: boolean;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Producers only: events committed per second while they ran. */
  readonly commitsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly duplicateHandlerCalls: number;
  /** CPU time of this Node process (all threads) per event while the load ran. */
  readonly cpuMsPerEvent: number;
  /** Share of the time the main thread's event loop was busy while the load ran (1 = saturated). */
  readonly eventLoopBusy: number;
  /** CPU of the PostgreSQL backends connected to the scenario's database, per event (Linux only). */
  readonly postgresCpuMsPerEvent: number | undefined;
  /** CPU of the nats-server process (all its clients), per event (Linux only). */
  readonly natsCpuMsPerEvent: number | undefined;
}

/** The process ids of the servers whose CPU a load measures. */
export interface Servers {
  readonly postgres?: () => Promise<number[]>;
  readonly nats?: () => Promise<number[]>;
}

export interface LoadProps {
  readonly producerDb: Kysely<CoreEventTables>;
  readonly events: number;
  readonly clock: Clock;
  /** The last event number written; shared by the loads of one scenario. */
  readonly counter: { value: number };
  readonly deadlineMs: number;
  /** Events per second the producers offer; undefined: as fast as they can. */
  readonly ratePerSecond?: number | undefined;
  readonly servers?: Servers;
  readonly producers: number;
  readonly perTx: number;
}

/**
 * Writes `events` events from `producers` concurrent loops, `perTx` per transaction, as fast as they go or, with
 * `ratePerSecond`, on a fixed schedule; then waits until all are handled (or the deadline passes).
 */
export async function load(props: LoadProps): Promise<LoadResult> {
  const { producerDb, events, clock, counter, deadlineMs, ratePerSecond, servers = {}, producers, perTx } = props;
  const postgresCpu = servers.postgres ? await measureCpu(servers.postgres) : undefined;
  const natsCpu = servers.nats ? await measureCpu(servers.nats) : undefined;
  const started = epochNow();
  const cpuBefore = process.cpuUsage();
  const loopBefore = nodePerformance.eventLoopUtilization();
  let lastCommit = started;
  let remaining = events;
  // Paced: each producer starts a transaction every producers * perTx / rate seconds, staggered.
  const intervalMs = ratePerSecond ? (producers * perTx * 1000) / ratePerSecond : 0;
  const producer = async (index: number) => {
    for (let round = 0; remaining > 0 && epochNow() - started < deadlineMs; round += 1) {
      if (intervalMs > 0) {
        const due = started + (round + index / producers) * intervalMs;
        const wait = due - epochNow();
        if (wait > 0) await sleep(wait);
      }
      const count = Math.min(perTx, remaining);
      remaining -= count;
      const inputs = Array.from({ length: count }, () => {
        const n = (counter.value += 1);
        return {
          subject: `item-${n}`,
          traceId: `bench-${index}-${n}`,
          data: { n, producer: index, name: `Item number ${n}`, tags: ['benchmark', `producer-${index}`] },
        };
      });
      const envelopes = await producerDb
        .transaction()
        .execute((tx) => appendEvents(tx, PRODUCER_SCHEMA, ItemCreated, inputs));
      const committedAt = epochNow();
      lastCommit = Math.max(lastCommit, committedAt);
      for (const envelope of envelopes) clock.committed.set(envelope.id, committedAt);
    }
  };
  await Promise.all(Array.from({ length: producers }, (_, index) => producer(index)));
  const written = clock.committed.size;
  while (clock.handled.size < written && epochNow() - started < deadlineMs) await sleep(5);
  const cpu = process.cpuUsage(cpuBefore);
  const postgresCpuMs = await postgresCpu?.stop();
  const natsCpuMs = await natsCpu?.stop();
  const loop = nodePerformance.eventLoopUtilization(loopBefore);

  const latencies: number[] = [];
  let last = started;
  for (const [id, handledAt] of clock.handled) {
    last = Math.max(last, handledAt);
    const committedAt = clock.committed.get(id);
    // The consumer may run before the producer's COMMIT round trip returns: that is zero latency, not negative.
    if (committedAt !== undefined) latencies.push(Math.max(0, handledAt - committedAt));
  }
  latencies.sort((a, b) => a - b);
  const seconds = (last - started) / 1000;
  return {
    events: written,
    handled: clock.handled.size,
    complete: written === events && clock.handled.size >= written,
    seconds,
    eventsPerSecond: clock.handled.size / seconds,
    commitsPerSecond: written / ((lastCommit - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
    duplicateHandlerCalls: clock.handlerCalls - clock.handled.size,
    cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / Math.max(1, clock.handled.size),
    eventLoopBusy: loop.utilization,
    postgresCpuMsPerEvent: postgresCpuMs === undefined ? undefined : postgresCpuMs / Math.max(1, clock.handled.size),
    natsCpuMsPerEvent: natsCpuMs === undefined ? undefined : natsCpuMs / Math.max(1, clock.handled.size),
  };
}
