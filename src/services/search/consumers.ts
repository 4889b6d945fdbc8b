/**
 * The index follows the registry's events only: each record event carries the declaration as it stands, so the
 * newest event of a record is all the index needs (an older one arriving late changes nothing). Event types come from
 * the config service's events.
 */
import { defineConsumer } from '../../core/events/consumer.js';
import { EventTypePublished } from '../config/api.js';
import {
  CertificatePrinted,
  RecordArchived,
  RecordCorrected,
  RecordDeclared,
  RecordNotDuplicate,
  RecordRegistered,
  RecordRejected,
  RecordValidated,
} from '../registry/api.js';
import { eventTypeAt, storeEventType } from './event-types.js';
import { indexEntry } from './indexing/entry.js';
import { writeEntries, type SearchDb, type SearchTables } from './repository.js';

export const keepIndex = defineConsumer<SearchTables>({
  name: 'keep-index',
  events: [
    RecordDeclared,
    RecordValidated,
    RecordRegistered,
    RecordRejected,
    RecordArchived,
    RecordCorrected,
    RecordNotDuplicate,
    CertificatePrinted,
  ],
  async handle(event, tx) {
    // Every family shares one data schema.
    const record = RecordDeclared.data.parse(event.data);
    const db = tx as unknown as SearchDb;
    await writeEntries(db, [indexEntry(record, await eventTypeAt(db, record.eventType, record.formVersion))]);
  },
});

export const keepEventTypes = defineConsumer<SearchTables>({
  name: 'keep-event-types',
  events: [EventTypePublished],
  async handle(event, tx) {
    const published = EventTypePublished.data.parse(event.data);
    await storeEventType(tx as unknown as SearchDb, published.id, published.version, published.definition);
  },
});
