import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { NATS_URL } from '../../../test/helpers/database.js';
import { catalog, eventsFixture, relayTo } from '../../../test/helpers/events.js';
import { eventually } from '../../../test/helpers/http.js';
import { deleteStream, uniqueStream } from '../../../test/helpers/nats.js';
import { createLogger } from '../log.js';
import type { Bus } from './bus.js';
import { createNatsBus } from './nats-bus.js';
import type { Relay } from './relay.js';

describe.runIf(NATS_URL)('outbox → relay → NATS JetStream → idempotent consumer', () => {
  let fixture: Awaited<ReturnType<typeof eventsFixture>> | undefined;
  let relay: Relay | undefined;
  let bus: Bus | undefined;
  const names = uniqueStream();

  afterEach(async () => {
    await relay?.stop();
    await bus?.close();
    await fixture?.close();
    await deleteStream(NATS_URL!, names.stream);
  });

  async function start(options: Parameters<typeof eventsFixture>[0] = {}) {
    fixture = await eventsFixture(options);
    bus = createNatsBus({
      servers: NATS_URL!,
      ...names,
      replicas: 1,
      catalog,
      retry: { maxDeliver: 3, backoffMs: [50, 100] },
      log: createLogger({ level: 'silent' }),
    });
    await bus.subscribe(fixture.consumer);
    await eventually('bus connected', async () => (bus!.status().connected ? true : undefined));
    relay = await relayTo(fixture, bus);
    return { fixture, bus, relay };
  }

  it('delivers every committed event once, even when the relay publishes it twice', async () => {
    const { fixture, bus, relay } = await start();
    const events = await fixture.emit(1, 2, 3);
    await relay.flush();
    await bus.publish(events); // a relay that crashed before marking them published
    const seen = await eventually('all three seen', async () => {
      const values = await fixture.seen();
      return values.length >= 3 ? values : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await fixture.seen()).toEqual(seen);
    expect(seen).toEqual([1, 2, 3]);
    expect(await bus.lag()).toEqual({ 'consumer.record': 0 });
  });

  it('redelivers a failing event with back-off, then dead-letters it after the last attempt', async () => {
    const { fixture, relay } = await start({ failWhen: (n) => n === 2 });
    await fixture.emit(1, 2, 3);
    await relay.flush();
    const letters = await eventually('a dead letter', async () => {
      const rows = await fixture.deadLetters();
      return rows.length > 0 ? rows : undefined;
    });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ consumer: 'record', type: 'producer.thing.happened', attempts: 3 });
    expect(await fixture.seen()).toEqual([1, 3]);
  });

  it('dead-letters a message that is not an event and keeps consuming', async () => {
    const { fixture, relay } = await start();
    const nc = await connect({ servers: NATS_URL! });
    try {
      const { jetstream } = await import('@nats-io/jetstream');
      await jetstream(nc).publish(`${names.subjectPrefix}.events.producer.thing.happened`, 'not json at all');
    } finally {
      await nc.close();
    }
    await fixture.emit(4);
    await relay.flush();
    await eventually('the good event', async () => ((await fixture.seen()).includes(4) ? true : undefined));
    const letters = await eventually('a dead letter', async () => {
      const rows = await fixture.deadLetters();
      return rows.length > 0 ? rows : undefined;
    });
    expect(letters[0]!.reason).toMatch(/invalid envelope/);
    expect(letters[0]!.envelope).toEqual({ body: 'not json at all' });
  });
});
