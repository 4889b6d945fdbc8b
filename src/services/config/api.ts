/**
 * The config service's public surface for other services: the area, office and facility types and the events it
 * publishes (areas, offices, health facilities and the versions of each event type).
 * Other services import this file (and events.ts) only, never the repository.
 *
 * @example
 * // A service keeping its own copy of the offices, from the events alone:
 * import { OfficeCreated, OfficeUpdated, type OfficeCreatedData } from '../config/api.js';
 */
export type { Area, Facility, FacilityKind, NewArea, NewFacility, NewOffice, Office } from './model.js';
export {
  AreaCreated,
  AreaUpdated,
  EventTypePublished,
  FacilityCreated,
  FacilityUpdated,
  OfficeCreated,
  OfficeUpdated,
  type EventTypePublishedData,
  type FacilityCreatedData,
  type FacilityUpdatedData,
  type OfficeCreatedData,
  type OfficeUpdatedData,
} from './events.js';
export {
  AreaImportError,
  CountryImportError,
  type ImportCounts,
  type ImportSummary,
  type PublishCounts,
} from './import-result.js';
export { importCountryFolder } from './seed.js';
export { configDb } from './repository.js';

/**
 * Reading the country configuration directly, for commands that run without the server (`civitas import records`):
 * services learn it from the events instead.
 */
export { allAreas as readAreas, findEventType as readEventType } from './repository.js';
