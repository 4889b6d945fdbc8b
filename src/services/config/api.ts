/**
 * The config service's public surface for other services: the area types and the events it publishes. Other
 * services import this file (and events.ts) only, never the repository.
 */
export type { Area, NewArea } from './model.js';
export { AreaCreated, AreaUpdated } from './events.js';
export { AreaImportError, type ImportSummary } from './actions/import-areas.js';
export { importCountryFolder } from './seed.js';
export { configDb } from './repository.js';
