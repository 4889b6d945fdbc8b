/**
 * config: the country's configuration: administrative areas and registration offices loaded from CSV (facilities,
 * staff, forms and certificates come with the civil-registration work).
 */
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService } from '../../core/service.js';
import './errors.js';
import { configEvents } from './events.js';
import { createAreas } from './migrations/0001-create-areas.js';
import { createOffices } from './migrations/0002-create-offices.js';
import type { ConfigTables } from './repository.js';
import { configRoutes } from './routes.js';
import { seedCountry } from './seed.js';

export default defineService<ConfigTables>({
  name: 'config',
  zone: 'internal',
  description: 'Administrative areas, offices, facilities and staff, loaded from a country folder of CSV files.',
  migrations: [...coreEventMigrations, createAreas, createOffices],
  events: configEvents,
  routes: configRoutes,
  seed: seedCountry,
});
