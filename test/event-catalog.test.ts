/** The catalogue every consumer checks events against must know every event every service publishes. */
import { describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '../src/config/schema.js';
import { EVENT_CATALOG, loadServices } from '../src/services/index.js';

describe('the event catalogue', () => {
  it('holds every event type of every service, as that service defines it', async () => {
    const services = await loadServices([...SERVICE_NAMES]);
    const published = services.flatMap((service) =>
      (service.events ?? []).map((event) => [service.name, event] as const),
    );
    expect(published.length).toBeGreaterThan(5);
    for (const [service, event] of published) {
      expect(EVENT_CATALOG.get(event.type), `${service}: ${event.type}`).toBe(event);
    }
  });
});
