/** Events the config service publishes. */
import { z } from 'zod';
import { defineEvent } from '../../core/events/envelope.js';
import { EventTypeDefinition } from '../../core/forms/index.js';
import { AreaPath, NewArea, NewFacility, NewOffice } from './model.js';

const AreaData = NewArea.required();

/** An administrative area was added (through the API or a country import). */
export const AreaCreated = defineEvent({
  type: 'config.area.created',
  version: 1,
  description: 'An administrative area was added.',
  data: AreaData,
});

/** An area's name, kind or parent changed in a country import. */
export const AreaUpdated = defineEvent({
  type: 'config.area.updated',
  version: 1,
  description: "An administrative area's name, kind or parent changed.",
  data: AreaData.extend({ changed: z.array(z.enum(['name', 'kind', 'parentCode'])).min(1) }),
});

const OfficeData = NewOffice.extend({ areaPath: AreaPath });

/**
 * A registration office was added by a country import. `areaPath` is its area's code, then each enclosing area's code
 * up to the top (innermost first), so a consumer can answer "which offices are in this area" from the events alone.
 *
 * @example
 * { code: 'OFF-IBO', name: 'Ibombo Registration Office', areaCode: 'CEN-IBO', areaPath: ['CEN-IBO', 'CEN'] }
 */
export const OfficeCreated = defineEvent({
  type: 'config.office.created',
  version: 1,
  description: 'A registration office was added, with the path of areas it is in.',
  data: OfficeData,
});
/** The data of `config.office.created`. */
export type OfficeCreatedData = z.infer<typeof OfficeCreated.data>;

/**
 * An office's name or area changed in a country import, or an area above it moved (`changed: ['areaPath']`). The
 * data is the office as it is now, in full; `changed` names what differs from the office's previous event.
 */
export const OfficeUpdated = defineEvent({
  type: 'config.office.updated',
  version: 1,
  description: "A registration office's name, area or path of areas changed.",
  data: OfficeData.extend({ changed: z.array(z.enum(['name', 'areaCode', 'areaPath'])).min(1) }),
});
/** The data of `config.office.updated`. */
export type OfficeUpdatedData = z.infer<typeof OfficeUpdated.data>;

const FacilityData = NewFacility.extend({ areaPath: AreaPath });

/**
 * A health facility was added by a country import. `areaPath` is its area's code, then each enclosing area's code up
 * to the top (innermost first), as for offices.
 *
 * @example
 * { code: 'FAC-IBO-GH', name: 'Ibombo General Hospital', kind: 'hospital', areaCode: 'CEN-IBO',
 *   areaPath: ['CEN-IBO', 'CEN'] }
 */
export const FacilityCreated = defineEvent({
  type: 'config.facility.created',
  version: 1,
  description: 'A health facility was added, with the path of areas it is in.',
  data: FacilityData,
});
/** The data of `config.facility.created`. */
export type FacilityCreatedData = z.infer<typeof FacilityCreated.data>;

/**
 * A facility's name, kind or area changed in a country import, or an area above it moved (`changed: ['areaPath']`).
 * The data is the facility as it is now, in full; `changed` names what differs from the facility's previous event.
 */
export const FacilityUpdated = defineEvent({
  type: 'config.facility.updated',
  version: 1,
  description: "A health facility's name, kind, area or path of areas changed.",
  data: FacilityData.extend({ changed: z.array(z.enum(['name', 'kind', 'areaCode', 'areaPath'])).min(1) }),
});
/** The data of `config.facility.updated`. */
export type FacilityUpdatedData = z.infer<typeof FacilityUpdated.data>;

/**
 * A version of a life event type was published by a country import. Its subject is `id@version`. A published version
 * never changes: records keep the version they were declared with, so a consumer stores every version it receives.
 *
 * @example
 * { id: 'birth', version: 2, definition: { id: 'birth', version: 2, label: { en: 'Birth' }, form: { ... }, ... } }
 */
export const EventTypePublished = defineEvent({
  type: 'config.event-type.published',
  version: 1,
  description: 'A version of a life event type (its form, workflow, numbers, certificate) was published.',
  data: z.object({ id: z.string(), version: z.number().int().positive(), definition: EventTypeDefinition }),
});
/** The data of `config.event-type.published`. */
export type EventTypePublishedData = z.infer<typeof EventTypePublished.data>;

export const configEvents = [
  AreaCreated,
  AreaUpdated,
  OfficeCreated,
  OfficeUpdated,
  FacilityCreated,
  FacilityUpdated,
  EventTypePublished,
] as const;
