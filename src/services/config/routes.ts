/** HTTP routes of the config service: thin handlers with a declared scope and zod in and out. */
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import type { ServiceContext } from '../../core/service.js';
import { createArea } from './actions/create-area.js';
import { locationRoutes } from './location-routes.js';
import { changeOffice, createOffice, MANAGE_OFFICES } from './actions/manage-offices.js';
import {
  Area,
  AreaCode,
  AreaKind,
  Facility,
  FacilityCode,
  FacilityKind,
  NewArea,
  NewOffice,
  Office,
  OfficeCode,
} from './model.js';
import {
  findArea,
  findEventType,
  findFacility,
  findOffice,
  listAreas,
  listFacilities,
  listLatestEventTypes,
  listOffices,
  type ConfigTables,
} from './repository.js';

export const ConfigScopes = {
  read: 'config.read',
  createArea: 'config.area.create',
  manageOffices: MANAGE_OFFICES,
} as const;

const OfficeChanges = NewOffice.pick({ name: true, areaCode: true }).partial().strict();

const AreaPage = z.object({
  items: z.array(Area),
  total: z.number().int().describe('Areas matching the filter, all pages together'),
});

const OfficePage = z.object({
  items: z.array(Office),
  total: z.number().int().describe('Offices matching the filter, all pages together'),
});

const FacilityPage = z.object({
  items: z.array(Facility),
  total: z.number().int().describe('Facilities matching the filter, all pages together'),
});

const EventTypeSummary = z.object({
  id: z.string().describe('The event type, e.g. birth'),
  version: z.number().int().positive().describe('Its latest published version'),
  label: z.record(z.string(), z.string()).describe('Its name per language: { en: Birth, fr: Naissance }'),
});

// The definition's full schema is src/core/forms/definition.ts; the OpenAPI document names its keys only.
const EventTypeDefinitionBody = z
  .looseObject({ id: z.string(), version: z.number().int().positive() })
  .describe('The event type definition: label, form, registration number, legal periods, fees, workflow, certificate');

export function configRoutes(app: HttpApp, { db }: ServiceContext<ConfigTables>): void {
  locationRoutes(app, db);

  app.get(
    '/areas',
    {
      config: { scope: ConfigScopes.read },
      schema: {
        tags: ['config'],
        summary: 'List administrative areas',
        querystring: z
          .object({
            parent: AreaCode.optional().describe('Only the children of this area'),
            top: z
              .enum(['true', 'false'])
              .optional()
              .describe('true: only the top-level areas (those without a parent)'),
            kind: AreaKind.optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: AreaPage, 400: ProblemSchema },
      },
    },
    async (request) =>
      listAreas(db, {
        parentCode: request.query.parent,
        topLevel: request.query.top === 'true',
        kind: request.query.kind,
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );

  app.get(
    '/areas/:code',
    {
      config: { scope: ConfigScopes.read },
      schema: {
        tags: ['config'],
        summary: 'One administrative area',
        params: z.object({ code: AreaCode }),
        response: { 200: Area, 404: ProblemSchema },
      },
    },
    async (request) => {
      const area = await findArea(db, request.params.code);
      if (!area)
        throw new DomainError('CONFIG_AREA_NOT_FOUND', `No area has code ${request.params.code}.`, { field: 'code' });
      return area;
    },
  );

  app.post(
    '/areas',
    {
      config: { scope: ConfigScopes.createArea },
      schema: {
        tags: ['config'],
        summary: 'Add an administrative area',
        body: NewArea,
        response: { 201: Area, 400: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const area = await createArea({ db }, request.body, request.id);
      return reply
        .status(201)
        .header('location', `/api/v1/areas/${encodeURIComponent(area.code)}`)
        .send(area);
    },
  );

  app.get(
    '/offices',
    {
      config: { scope: ConfigScopes.read },
      schema: {
        tags: ['config'],
        summary: 'List registration offices',
        querystring: z
          .object({
            area: AreaCode.optional().describe('Only the offices in this area or in an area below it'),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: OfficePage, 400: ProblemSchema },
      },
    },
    async (request) =>
      listOffices(db, { areaCode: request.query.area, limit: request.query.limit, offset: request.query.offset }),
  );

  app.get(
    '/offices/:code',
    {
      config: { scope: ConfigScopes.read },
      schema: {
        tags: ['config'],
        summary: 'One registration office',
        params: z.object({ code: OfficeCode }),
        response: { 200: Office, 404: ProblemSchema },
      },
    },
    async (request) => {
      const office = await findOffice(db, request.params.code);
      if (!office) {
        throw new DomainError('CONFIG_OFFICE_NOT_FOUND', `No office has code ${request.params.code}.`, {
          field: 'code',
        });
      }
      return office;
    },
  );

  app.post(
    '/offices',
    {
      config: { scope: ConfigScopes.manageOffices },
      schema: {
        tags: ['config'],
        summary: 'Add a registration office (within your area, for a local administrator)',
        body: NewOffice,
        response: { 201: Office, 400: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const office = await createOffice({ db }, request.caller!, request.body, request.id);
      return reply
        .status(201)
        .header('location', `/api/v1/offices/${encodeURIComponent(office.code)}`)
        .send(office);
    },
  );

  app.patch(
    '/offices/:code',
    {
      config: { scope: ConfigScopes.manageOffices },
      schema: {
        tags: ['config'],
        summary: 'Rename a registration office or move it to another area (its staff follow it)',
        params: z.object({ code: OfficeCode }),
        body: OfficeChanges,
        response: { 200: Office, 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => changeOffice({ db }, request.caller!, request.params.code, request.body, request.id),
  );

  app.get(
    '/facilities',
    {
      config: { scope: ConfigScopes.read },
      schema: {
        tags: ['config'],
        summary: 'List health facilities',
        querystring: z
          .object({
            area: AreaCode.optional().describe('Only the facilities in this area or in an area below it'),
            kind: FacilityKind.optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: FacilityPage, 400: ProblemSchema },
      },
    },
    async (request) =>
      listFacilities(db, {
        areaCode: request.query.area,
        kind: request.query.kind,
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );

  app.get(
    '/facilities/:code',
    {
      config: { scope: ConfigScopes.read },
      schema: {
        tags: ['config'],
        summary: 'One health facility',
        params: z.object({ code: FacilityCode }),
        response: { 200: Facility, 404: ProblemSchema },
      },
    },
    async (request) => {
      const facility = await findFacility(db, request.params.code);
      if (!facility) {
        throw new DomainError('CONFIG_FACILITY_NOT_FOUND', `No facility has code ${request.params.code}.`, {
          field: 'code',
        });
      }
      return facility;
    },
  );

  app.get(
    '/event-types',
    {
      config: { scope: ConfigScopes.read },
      schema: {
        tags: ['config'],
        summary: 'List the event types, each at its latest version',
        response: { 200: z.array(EventTypeSummary) },
      },
    },
    async () => listLatestEventTypes(db),
  );

  app.get(
    '/event-types/:id',
    {
      config: { scope: ConfigScopes.read },
      schema: {
        tags: ['config'],
        summary: "An event type's definition: its latest version, or the version asked for",
        params: z.object({ id: z.string().describe('The event type, e.g. birth') }),
        querystring: z
          .object({
            version: z.coerce
              .number()
              .int()
              .positive()
              .optional()
              .describe('An earlier version, which records declared with it are read with'),
          })
          .strict(),
        response: { 200: EventTypeDefinitionBody, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { version } = request.query;
      const definition = await findEventType(db, id, version);
      if (!definition) {
        throw version === undefined
          ? new DomainError('CONFIG_EVENT_TYPE_NOT_FOUND', `No event type has id ${id}.`, { field: 'id' })
          : new DomainError('CONFIG_EVENT_TYPE_NOT_FOUND', `Event type ${id} has no version ${version}.`, {
              field: 'version',
            });
      }
      return definition;
    },
  );
}
