/**
 * The metrics service counts every event by type (activity per kind of change, exactly once per event), and keeps
 * the registrations that statistics are computed from, with the event types' legal periods.
 */
import { defineConsumer } from '../../core/events/consumer.js';
import { EventTypePublished } from '../config/api.js';
import { RecordCorrected, RecordRegistered } from '../registry/api.js';
import { keepEventType, keepRegistration } from './registrations.js';
import { addEventCounts, type MetricsDb, type MetricsTables } from './repository.js';

export const countEvents = defineConsumer<MetricsTables>({
  name: 'count-events',
  events: 'all',
  // One upsert per event type per batch, not one per event.
  async handleBatch(events, tx) {
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    await addEventCounts(tx, counts);
  },
});

export const keepEventTypes = defineConsumer<MetricsTables>({
  name: 'keep-event-types',
  events: [EventTypePublished],
  async handle(event, tx) {
    await keepEventType(tx as MetricsDb, EventTypePublished.data.parse(event.data));
  },
});

export const keepRegistrations = defineConsumer<MetricsTables>({
  name: 'keep-registrations',
  events: [RecordRegistered, RecordCorrected],
  async handle(event, tx) {
    // Both families share one data schema.
    const record = RecordRegistered.data.parse(event.data);
    await keepRegistration(tx as MetricsDb, record, event.type.endsWith('.corrected'));
  },
});
