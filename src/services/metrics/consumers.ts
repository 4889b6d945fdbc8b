/** The metrics service counts every event by type: activity per kind of change, exactly once per event. */
import { defineConsumer } from '../../core/events/consumer.js';
import { incrementEventCount, type MetricsTables } from './repository.js';

export const countEvents = defineConsumer<MetricsTables>({
  name: 'count-events',
  events: 'all',
  async handle(event, tx) {
    await incrementEventCount(tx, event.type);
  },
});
