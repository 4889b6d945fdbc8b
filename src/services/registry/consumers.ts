/** The registry keeps its own copies of the area tree and the event types, from the config service's events. */
import { defineConsumer } from '../../core/events/consumer.js';
import { appendAudit } from '../../core/audit/append.js';
import { AreaCreated, AreaUpdated, EventTypePublished } from '../config/api.js';
import { IdentityIssued } from '../identity/api.js';
import { forgetLatestVersion } from './event-types.js';
import {
  findRecord,
  insertEventType,
  linkIdentity,
  upsertArea,
  type RegistryDb,
  type RegistryTables,
} from './repository.js';

export const keepAreas = defineConsumer<RegistryTables>({
  name: 'keep-areas',
  events: [AreaCreated, AreaUpdated],
  async handle(event, tx) {
    const area = (event.type === AreaCreated.type ? AreaCreated : AreaUpdated).data.parse(event.data);
    await upsertArea(tx as unknown as RegistryDb, area);
  },
});

export const keepEventTypes = defineConsumer<RegistryTables>({
  name: 'keep-event-types',
  events: [EventTypePublished],
  async handle(event, tx) {
    const published = EventTypePublished.data.parse(event.data);
    await insertEventType(tx as unknown as RegistryDb, published.id, published.version, published.definition);
    forgetLatestVersion(published.id);
  },
});

/**
 * The UIN the identity service issued to a registered birth's child is written onto the record (shown with it and
 * printed on its certificate when the event type says so). A repeated event changes nothing.
 */
export const keepIdentityNumbers = defineConsumer<RegistryTables>({
  name: 'keep-identity-numbers',
  events: [IdentityIssued],
  async handle(event, tx) {
    const issued = IdentityIssued.data.parse(event.data);
    if (issued.recordId === null) return;
    const db = tx as unknown as RegistryDb;
    if (!(await findRecord(db, issued.recordId))) return;
    if (await linkIdentity(db, { recordId: issued.recordId, uin: issued.uin, identityId: issued.identityId })) {
      await appendAudit(db, {
        actor: 'identity',
        actorRole: 'service',
        action: 'record.link-identity',
        subject: issued.recordId,
        detail: { identityId: issued.identityId },
        requestId: event.traceId ?? null,
      });
    }
  },
});
