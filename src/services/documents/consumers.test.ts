import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { migrate } from '../../core/db/migrate.js';
import type { Database } from '../../core/db/open.js';
import type { EventEnvelope } from '../../core/events/envelope.js';
import { uuidv7 } from '../../core/events/uuidv7.js';
import type { RecordEventData } from '../registry/events.js';
import { documentIdsIn, linkToRecords } from './consumers.js';
import documentsService from './index.js';
import { documentsDb, findDocument, insertDocument, type DocumentsDb } from './repository.js';

describe('documentIdsIn', () => {
  it('finds UUIDs and lists of them among the values of a declaration, once each', () => {
    const a = uuidv7();
    const b = uuidv7();
    expect(
      documentIdsIn({
        child: { firstNames: 'Ada', birthDate: '2026-01-02', count: 2 },
        documents: { proofOfBirth: a, otherDocuments: [b, 'not an id', 42, a.toUpperCase()] },
      }),
    ).toEqual([a, b]);
    expect(documentIdsIn({})).toEqual([]);
  });
});

describe('linking documents to records from registry events', () => {
  let database: Database;
  let db: DocumentsDb;
  beforeEach(async () => {
    database = await openTestDatabase();
    await migrate(database.root, [{ schema: 'documents', migrations: documentsService.migrations }]);
    db = documentsDb(database);
  });
  afterEach(async () => {
    await database.close();
  });

  const upload = async () =>
    (
      await insertDocument(db, {
        id: uuidv7(),
        contentType: 'image/png',
        size: 1,
        sha256: 'x',
        name: null,
        uploadedBy: 'u',
      })
    ).id;
  const event = (type: string, recordId: string, areaPath: string[], documents: Record<string, unknown>) =>
    ({
      id: uuidv7(),
      type,
      version: 1,
      time: new Date().toISOString(),
      source: 'registry',
      subject: recordId,
      traceId: 'test',
      data: {
        recordId,
        trackingId: 'ABCDEFGH',
        eventType: 'birth',
        formVersion: 1,
        status: 'DECLARED',
        registrationNumber: null,
        areaPath,
        actor: { userId: 'u', role: 'field-agent', office: 'OFF-IBO' },
        at: new Date().toISOString(),
        data: { child: { firstNames: 'Ada' }, documents },
      } satisfies RecordEventData,
    }) satisfies EventEnvelope<RecordEventData>;
  const handle = (envelope: EventEnvelope) => linkToRecords.handle!(envelope, db);

  it('links the documents a record names, follows the record to another area, and ignores unknown ids', async () => {
    const proof = await upload();
    const other = await upload();
    const record = uuidv7();
    await handle(event('registry.birth.declared', record, ['CEN-IBO', 'CEN'], { proofOfBirth: proof, x: [uuidv7()] }));
    expect(await findDocument(db, proof)).toMatchObject({
      record_id: record,
      event_type: 'birth',
      area_path: ['CEN-IBO', 'CEN'],
    });
    expect(await findDocument(db, other)).toMatchObject({ record_id: null, area_path: null, event_type: null });
    const linkedAt = (await findDocument(db, proof))!.linked_at;

    await handle(event('registry.birth.corrected', record, ['NTH-OSE', 'NTH'], { proofOfBirth: proof, more: [other] }));
    expect(await findDocument(db, proof)).toMatchObject({ record_id: record, area_path: ['NTH-OSE', 'NTH'] });
    expect((await findDocument(db, proof))!.linked_at).toEqual(linkedAt);
    expect(await findDocument(db, other)).toMatchObject({ record_id: record, area_path: ['NTH-OSE', 'NTH'] });
  });

  it('never moves a document to a second record that names it', async () => {
    const proof = await upload();
    const first = uuidv7();
    await handle(event('registry.birth.declared', first, ['CEN-IBO', 'CEN'], { proofOfBirth: proof }));
    await handle(event('registry.birth.declared', uuidv7(), ['NTH-OSE', 'NTH'], { proofOfBirth: [proof] }));
    expect(await findDocument(db, proof)).toMatchObject({ record_id: first, area_path: ['CEN-IBO', 'CEN'] });
  });
});
