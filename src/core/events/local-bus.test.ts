import { afterEach, describe, expect, it } from 'vitest';
import { catalog, eventsFixture, relayTo } from '../../../test/helpers/events.js';
import { createLocalBus } from './local-bus.js';
import { pruneProcessedEvents } from './retention.js';
import type { Relay } from './relay.js';

const retry = { maxDeliver: 3, backoffMs: [10, 20] };

describe('outbox → relay → in-process bus → idempotent consumer', () => {
  let fixture: Awaited<ReturnType<typeof eventsFixture>> | undefined;
  let relay: Relay | undefined;
  afterEach(async () => {
    await relay?.stop();
    await fixture?.close();
  });

  async function start(options: Parameters<typeof eventsFixture>[0] = {}) {
    fixture = await eventsFixture(options);
    const bus = createLocalBus({ catalog, retry });
    await bus.subscribe(fixture.consumer);
    relay = await relayTo(fixture, bus);
    return { fixture, bus, relay };
  }

  it('delivers committed events in order and marks them published', async () => {
    const { fixture, relay } = await start();
    await fixture.emit(1, 2, 3);
    await fixture.emit(4);
    await relay.flush();
    expect(await fixture.seen()).toEqual([1, 2, 3, 4]);
    expect(await fixture.unpublished()).toBe(0);
  });

  it('stops promptly, also when asked while it is draining', async () => {
    const { fixture, relay } = await start();
    await fixture.emit(1, 2, 3);
    const draining = relay.flush();
    const started = Date.now();
    await Promise.all([draining, relay.stop()]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not deliver events of a transaction that rolled back', async () => {
    const { fixture, relay } = await start();
    await expect(
      fixture.producer.transaction().execute(async (tx) => {
        const { appendEvent } = await import('./outbox.js');
        const { ThingHappened } = await import('../../../test/helpers/events.js');
        await appendEvent(tx, 'producer', ThingHappened, { subject: 's', data: { n: 9 }, traceId: 't' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await fixture.emit(1);
    await relay.flush();
    expect(await fixture.seen()).toEqual([1]);
  });

  it('applies a redelivered event only once', async () => {
    const { fixture, bus } = await start();
    const [event] = await fixture.emit(7);
    await bus.publish([event!]);
    await bus.publish([event!]);
    await relay!.flush();
    expect(await fixture.seen()).toEqual([7]);
  });

  it('forgets processed event ids only after the retention period', async () => {
    const { fixture, relay } = await start();
    await fixture.emit(1, 2);
    await relay.flush();
    expect(await pruneProcessedEvents(fixture.consumer, 30)).toBe(0);
    expect(await pruneProcessedEvents(fixture.consumer, 30, Date.now() + 31 * 86_400_000)).toBe(2);
  });

  it('retries a failing event with back-off and delivers it when the consumer recovers', async () => {
    const { fixture, relay } = await start({ failWhen: (n, attempt) => n === 2 && attempt < 3 });
    await fixture.emit(1, 2, 3);
    await relay.flush();
    expect(await fixture.seen()).toEqual([1, 2, 3]);
    expect(fixture.attempts.get(2)).toBe(3);
    expect(await fixture.deadLetters()).toEqual([]);
  });

  it('dead-letters an event after the last attempt and goes on with the others', async () => {
    const { fixture, relay } = await start({ failWhen: (n) => n === 2 });
    await fixture.emit(1, 2, 3);
    await relay.flush();
    expect(await fixture.seen()).toEqual([1, 3]);
    const letters = await fixture.deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ consumer: 'record', type: 'producer.thing.happened', attempts: 3 });
    expect(letters[0]!.reason).toMatch(/refusing 2 on attempt \d/);
    expect(await fixture.unpublished()).toBe(0);
  });

  it('dead-letters a malformed event at once, never calls the handler with it, and keeps consuming', async () => {
    const { fixture, bus } = await start();
    const [good] = await fixture.emit(5);
    await relay!.flush();
    const malformed = { ...good!, id: '0190c7b2-0000-7000-8000-000000000001', data: { n: 'five' } };
    const noSubject = { ...good!, id: '0190c7b2-0000-7000-8000-000000000002', subject: '' };
    await bus.publish([malformed, noSubject]);
    await fixture.emit(6);
    await relay!.flush();
    expect(await fixture.seen()).toEqual([5, 6]);
    const letters = await fixture.deadLetters();
    expect(letters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/invalid data of producer\.thing\.happened: n: /),
      expect.stringMatching(/invalid envelope: subject: /),
    ]);
    expect(letters.map((letter) => letter.attempts)).toEqual([1, 1]);
  });
});
