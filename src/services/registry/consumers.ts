/** The registry keeps its own copies of the area tree and the event types, from the config service's events. */
import { defineConsumer } from '../../core/events/consumer.js';
import { AreaCreated, AreaUpdated, EventTypePublished } from '../config/api.js';
import { forgetLatestVersion } from './event-types.js';
import { insertEventType, upsertArea, type RegistryDb, type RegistryTables } from './repository.js';

export const keepAreas = defineConsumer<RegistryTables>({
  name: 'keep-areas',
  events: [AreaCreated, AreaUpdated],
  async handle(event, tx) {
    const area = (event.type === AreaCreated.type ? AreaCreated : AreaUpdated).data.parse(event.data);
    await upsertArea(tx as unknown as RegistryDb, area);
  },
});

export const keepEventTypes = defineConsumer<RegistryTables>({
  name: 'keep-event-types',
  events: [EventTypePublished],
  async handle(event, tx) {
    const published = EventTypePublished.data.parse(event.data);
    await insertEventType(tx as unknown as RegistryDb, published.id, published.version, published.definition);
    forgetLatestVersion(published.id);
  },
});
