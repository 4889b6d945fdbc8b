/**
 * config: the country's configuration: administrative areas, registration offices and health facilities loaded from
 * CSV, and the life event types (forms, workflows, numbers, certificates) published from YAML, one version at a time.
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import './errors.js';
import { configEvents } from './events.js';
import { createAreas } from './migrations/0001-create-areas.js';
import { createOffices } from './migrations/0002-create-offices.js';
import { createEventTypes } from './migrations/0003-create-event-types.js';
import { createFacilities } from './migrations/0004-create-facilities.js';
import { indexLocationsByChange } from './migrations/0005-index-locations-by-change.js';
import type { ConfigTables } from './repository.js';
import { configRoutes } from './routes.js';
import { seedCountry } from './seed.js';

export default defineService<ConfigTables>({
  name: 'config',
  zone: 'internal',
  description: 'Areas, offices, health facilities and event types, loaded from a country folder of CSV and YAML files.',
  migrations: [
    ...coreEventMigrations,
    createAreas,
    createOffices,
    createEventTypes,
    createFacilities,
    indexLocationsByChange,
  ],
  events: configEvents,
  routes: configRoutes,
  seed: seedCountry,
});
