/**
 * Documents meet records through the registry's events only: a declaration, validation, registration or correction
 * whose data names a document id links that document to the record, so that those who may read the record may read
 * the document. Re-applying an event changes nothing (and consumers skip ids they have processed anyway).
 */
import { defineConsumer } from '../../core/events/consumer.js';
import { RecordCorrected, RecordDeclared, RecordRegistered, RecordValidated } from '../registry/events.js';
import { linkDocuments, type DocumentsDb, type DocumentsTables } from './repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every value of a declaration (section → field → value) that could be a document id: a UUID, or a list holding
 * UUIDs. Whether it is one of ours is the database's to say.
 */
export function documentIdsIn(data: Readonly<Record<string, Readonly<Record<string, unknown>>>>): string[] {
  const ids = new Set<string>();
  for (const fields of Object.values(data)) {
    for (const value of Object.values(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'string' && UUID.test(item)) ids.add(item.toLowerCase());
      }
    }
  }
  return [...ids];
}

export const linkToRecords = defineConsumer<DocumentsTables>({
  name: 'link-to-records',
  events: [RecordDeclared, RecordValidated, RecordRegistered, RecordCorrected],
  async handle(event, tx) {
    // The four families share one data schema.
    const record = RecordDeclared.data.parse(event.data);
    await linkDocuments(tx as unknown as DocumentsDb, documentIdsIn(record.data), {
      recordId: record.recordId,
      eventType: record.eventType,
      areaPath: record.areaPath,
    });
  },
});
