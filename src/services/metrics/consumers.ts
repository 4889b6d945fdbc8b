/** The metrics service counts every event by type: activity per kind of change, exactly once per event. */
import { defineConsumer } from '../../core/events/consumer.js';
import { addEventCounts, type MetricsTables } from './repository.js';

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
