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
import { indexEntry, type IndexEntry } from './indexing/entry.js';
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
  // One write for the whole batch, its rows locked in record order. Copies of this consumer on several nodes write
  // overlapping batches at once; written event by event, each batch took its locks in its own delivery order and
  // two of them could wait for each other (the HA lab's deadlock check caught it).
  async handleBatch(events, tx) {
    const db = tx as unknown as SearchDb;
    const entries: IndexEntry[] = [];
    for (const event of events) {
      // Every family shares one data schema.
      const record = RecordDeclared.data.parse(event.data);
      entries.push(indexEntry(record, await eventTypeAt(db, record.eventType, record.formVersion)));
    }
    await writeEntries(db, entries);
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
