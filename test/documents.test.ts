/**
 * Supporting documents over the HTTP API: uploads checked by content and size, kept on disk durably, readable by their
 * uploader until a declaration refers to them, then by whoever may read that record, and by nobody else.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/services/auth/seed.js';
import { signIn, tokenWith } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { testConfig } from './helpers/config.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { eventually } from './helpers/http.js';

/** A complete birth declaration of the demo country's form, born at home in Ibombo district. */
function birthDeclaration() {
  return {
    child: {
      firstNames: 'Ada',
      familyName: 'Mwale',
      sex: 'female',
      birthDate: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10),
      placeOfBirthType: 'private-home',
      placeOfBirthArea: 'CEN-IBO',
      placeOfBirthAddress: 'Plot 12, Ibombo',
    },
    mother: { firstNames: 'Grace', familyName: 'Mwale', birthDate: '1995-04-02', nationality: 'XDM' },
    father: { detailsNotAvailable: true, reasonNotAvailable: 'Not known to the mother' },
    informant: { type: 'mother' },
  };
}

/** A PDF with one empty page, padded with a comment line to `size` bytes when asked. */
function pdf(size = 0): Buffer {
  const body = [
    '%PDF-1.4',
    '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
    '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 72 72]>> endobj',
    'trailer <</Root 1 0 R>>',
    '%%EOF',
    '',
  ].join('\n');
  const padding = Math.max(0, size - body.length - 2);
  return Buffer.from(padding > 0 ? `${body}%${'x'.repeat(padding)}\n` : body);
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A 1×1 white greyscale PNG: signature, IHDR, IDAT, IEND, each chunk with its CRC. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1×1, 8 bits, greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0xff]))), // filter byte, one white pixel
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 baseline greyscale JPEG: one quantisation table, one-code Huffman tables, one block (DC 0, then EOB). */
function jpeg(): Buffer {
  const huffman = (tableClass: number) => [0xff, 0xc4, 0x00, 0x14, tableClass, 1, ...Array(15).fill(0), 0x00];
  return Buffer.from([
    ...[0xff, 0xd8], // SOI
    ...[0xff, 0xdb, 0x00, 0x43, 0x00, ...Array(64).fill(1)], // DQT
    ...[0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00], // SOF0: 1×1, one component
    ...huffman(0x00), // DC table 0
    ...huffman(0x10), // AC table 0
    ...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00], // SOS
    0x3f, // DC difference 0 ("0"), end of block ("0"), padded with ones
    ...[0xff, 0xd9], // EOI
  ]);
}

const FLAGS = {
  env: 'development',
  services: 'config,auth,registry,documents',
  'auth.developmentCode': '000000',
  'outbox.pollIntervalMs': '50',
  // Smaller than some documents below: documents have their own limit.
  'http.bodyLimitBytes': '2048',
  'documents.maxBytes': '16384',
};

describe('supporting documents', () => {
  let location: TestDatabaseLocation;
  let civitas: TestCivitas;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    location = await createTestDatabase();
    civitas = await startTestCivitas(FLAGS, { location });
    await eventually('the registry and auth know the country', async () => {
      const { rows } = await sql<{ types: number; offices: number }>`select
        (select count(distinct id)::int from registry.event_types) as types,
        (select count(*)::int from auth.offices) as offices`.execute(civitas.database.root);
      return rows[0]!.types >= 3 && rows[0]!.offices >= 10 ? true : undefined;
    });
    // f.agent, r.agent and l.registrar work in Ibombo district; e.sakala is a registrar of Ozere district.
    for (const username of ['f.agent', 'r.agent', 'l.registrar', 'e.sakala']) {
      tokens[username] = (await signIn(civitas, username, DEMO_PASSWORD)).accessToken;
    }
  });
  afterAll(async () => {
    await civitas?.close();
    await location?.drop();
  });

  const upload = (who: string, bytes: Buffer, contentType: string, query = '') =>
    civitas.app.inject({
      method: 'POST',
      url: `/api/v1/documents${query}`,
      headers: { authorization: `Bearer ${tokens[who] ?? who}`, 'content-type': contentType },
      payload: bytes,
    });
  const download = (who: string, id: string, suffix = '') =>
    civitas.app.inject({
      url: `/api/v1/documents/${id}${suffix}`,
      headers: { authorization: `Bearer ${tokens[who] ?? who}` },
    });
  const call = (who: string, url: string, payload: object) =>
    civitas.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      payload,
    });
  /** f.agent starts a birth record and declares it with these document fields. */
  const declareBirth = async (documents: Record<string, unknown>) => {
    const { id } = (await call('f.agent', '/records', { eventType: 'birth' })).json();
    const declared = await call('f.agent', `/records/${id}/declare`, {
      version: 1,
      data: { ...birthDeclaration(), documents },
    });
    expect(declared.statusCode, declared.body).toBe(200);
    return id as string;
  };
  const linkedRecord = async (id: string) =>
    (
      await sql<{ record_id: string | null }>`select record_id from documents.documents where id = ${id}`.execute(
        civitas.database.root,
      )
    ).rows[0]?.record_id;
  /** Waits until the registry's event has linked the document; fails at once, saying why, if it was set aside. */
  const linkedTo = (id: string, recordId: string) =>
    eventually(
      `document ${id} linked to record ${recordId}`,
      async () => {
        if ((await linkedRecord(id)) === recordId) return true;
        const { rows } = await sql<{ reason: string }>`select reason from documents.dead_letters`.execute(
          civitas.database.root,
        );
        if (rows.length > 0) throw new Error(`dead letters: ${rows.map((row) => row.reason).join('; ')}`);
        return undefined;
      },
      15_000,
    );

  it('stores a PDF, a JPEG and a PNG and gives the same bytes back, as an attachment of the right type', async () => {
    for (const [bytes, type] of [
      [pdf(), 'application/pdf'],
      [jpeg(), 'image/jpeg'],
      [png(), 'image/png'],
    ] as const) {
      const uploaded = await upload('f.agent', bytes, type);
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const { id } = uploaded.json();
      expect(uploaded.json()).toEqual({ id, contentType: type, size: bytes.length, sha256: expect.any(String) });
      expect(uploaded.headers.location).toBe(`/api/v1/documents/${id}`);

      const back = await download('f.agent', id);
      expect(back.statusCode).toBe(200);
      expect(back.headers['content-type']).toBe(type);
      expect(back.headers['content-disposition']).toMatch(/^attachment; filename="[0-9a-f-]{36}\.(pdf|jpg|png)"/);
      expect(back.headers['x-content-type-options']).toBe('nosniff');
      expect(back.rawPayload.equals(bytes)).toBe(true);
    }
  });

  it('accepts a document larger than the general body limit, up to documents.maxBytes', async () => {
    const big = pdf(12_000);
    const uploaded = await upload('f.agent', big, 'application/pdf');
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect((await download('f.agent', uploaded.json().id)).rawPayload.equals(big)).toBe(true);
  });

  it('keeps the original file name, sanitised, and sends it back', async () => {
    const name = encodeURIComponent('C:\\scans\\..\\"Avis de naissance"\u0007 — Ada.pdf');
    const { id } = (await upload('f.agent', pdf(), 'application/pdf', `?name=${name}`)).json();
    const meta = (await download('f.agent', id, '/meta')).json();
    expect(meta).toMatchObject({
      id,
      name: 'Avis de naissance — Ada.pdf',
      recordId: null,
      contentType: 'application/pdf',
    });
    const back = await download('f.agent', id);
    expect(back.headers['content-disposition']).toBe(
      `attachment; filename="Avis de naissance _ Ada.pdf"; filename*=UTF-8''Avis%20de%20naissance%20%E2%80%94%20Ada.pdf`,
    );
  });

  it('refuses content that is not what its Content-Type says, and anything but PDF, JPEG and PNG', async () => {
    const mismatch = await upload('f.agent', png(), 'application/pdf');
    expect(mismatch.statusCode).toBe(415);
    expect(mismatch.json()).toMatchObject({ code: 'DOCUMENT_TYPE_MISMATCH' });
    expect(mismatch.json().detail).toBe(
      'The content is a PNG image but was sent as application/pdf: send it with Content-Type: image/png.',
    );

    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    for (const type of ['application/pdf', 'image/png']) {
      const refused = await upload('f.agent', exe, type);
      expect(refused.statusCode).toBe(415);
      expect(refused.json()).toMatchObject({ code: 'DOCUMENT_TYPE_REFUSED' });
      expect(refused.json().detail).toMatch(/only PDF, JPEG and PNG files are accepted/);
    }
    const declaredExe = await upload('f.agent', exe, 'application/x-msdownload');
    expect(declaredExe.json()).toMatchObject({ status: 415, code: 'DOCUMENT_TYPE_REFUSED' });
    expect(declaredExe.json().detail).toMatch(/^Content-Type application\/x-msdownload is not accepted/);
    const json = await call('f.agent', '/documents', { file: 'x' });
    expect(json.json()).toMatchObject({ status: 415, code: 'DOCUMENT_TYPE_REFUSED' });

    const empty = await upload('f.agent', Buffer.alloc(0), 'image/jpeg');
    expect(empty.json()).toMatchObject({ status: 400, code: 'DOCUMENT_EMPTY' });
  });

  it('refuses a document over documents.maxBytes with 413, and stores nothing of refused uploads', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from documents.documents`.execute(
      civitas.database.root,
    );
    const tooLarge = await upload('f.agent', pdf(16_385), 'application/pdf');
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(tooLarge.json().detail).toBe(
      'A document may be at most 16384 bytes (documents.maxBytes); this one is 16385 bytes.',
    );
    const after = await sql<{ n: number }>`select count(*)::int as n from documents.documents`.execute(
      civitas.database.root,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('needs a token to upload or read (401), and the scope record.declare to upload, record.read to read (403)', async () => {
    const anonymous = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { 'content-type': 'image/png' },
      payload: png(),
    });
    expect(anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const { id } = (await upload('f.agent', png(), 'image/png')).json();
    expect((await civitas.app.inject({ url: `/api/v1/documents/${id}` })).statusCode).toBe(401);

    const readOnly = await tokenWith(civitas, ['record.read']);
    expect((await upload(readOnly, png(), 'image/png')).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const declareOnly = await tokenWith(civitas, ['record.declare']);
    expect((await download(declareOnly, id)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('shows a document nobody has referred to yet to its uploader only: others get 404, as for an unknown id', async () => {
    const { id } = (await upload('f.agent', pdf(), 'application/pdf')).json();
    for (const other of ['r.agent', 'l.registrar', 'e.sakala']) {
      const refused = await download(other, id);
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
      expect((await download(other, id, '/meta')).statusCode).toBe(404);
    }
    const unknown = await download('l.registrar', '01a21635-2c6d-7001-a134-ebe84e8d1520');
    expect(unknown.json()).toMatchObject({ status: 404, code: 'DOCUMENT_NOT_FOUND' });
  });

  it('once a declaration refers to it, shows it to whoever may read the record, and to nobody of another district', async () => {
    const bytes = pdf();
    const { id } = (await upload('f.agent', bytes, 'application/pdf')).json();
    const recordId = await declareBirth({ proofOfBirth: id });
    await linkedTo(id, recordId);

    const meta = await download('l.registrar', id, '/meta');
    expect(meta.json()).toMatchObject({ id, recordId, eventType: 'birth', contentType: 'application/pdf' });
    for (const reader of ['l.registrar', 'r.agent', 'f.agent']) {
      const read = await download(reader, id);
      expect(read.statusCode, reader).toBe(200);
      expect(read.rawPayload.equals(bytes)).toBe(true);
    }
    expect((await download('e.sakala', id)).json()).toMatchObject({ status: 404, code: 'DOCUMENT_NOT_FOUND' });
    expect((await download('e.sakala', id, '/meta')).statusCode).toBe(404);
    // A national reader (record.read without conditions) reads it; a token bounded to the death records does not.
    expect((await download(await tokenWith(civitas, ['record.read']), id)).statusCode).toBe(200);
    expect((await download(await tokenWith(civitas, ['record.read[event=death]']), id)).statusCode).toBe(404);
  });

  it('links every document a declaration lists, and never moves a document another record refers to', async () => {
    const first = (await upload('f.agent', png(), 'image/png')).json().id;
    const second = (await upload('f.agent', jpeg(), 'image/jpeg')).json().id;
    const recordA = await declareBirth({ motherIdProof: first, otherDocuments: [second] });
    await linkedTo(first, recordA);
    await linkedTo(second, recordA);
    const recordB = await declareBirth({ otherDocuments: [first] });
    const marker = (await upload('f.agent', png(), 'image/png')).json().id;
    const recordC = await declareBirth({ otherDocuments: [marker] });
    await linkedTo(marker, recordC); // handled after record B's declaration
    expect(recordB).not.toBe(recordA);
    expect(await linkedRecord(first)).toBe(recordA);
  });

  it('keeps acknowledged documents across a restart', async () => {
    const bytes = jpeg();
    const { id } = (await upload('f.agent', bytes, 'image/jpeg')).json();
    const folder = join(location.dataDir, 'documents', id.slice(-2));
    expect(readdirSync(folder)).toContain(id);
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    await civitas.close();
    civitas = await startTestCivitas(FLAGS, { location });
    const back = await download('f.agent', id);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/jpeg');
    expect(back.rawPayload.equals(bytes)).toBe(true);
  });
});

describe('documents configuration', () => {
  it('takes 10 MiB documents on the filesystem under dataDir by default, and at most 100 MiB', async () => {
    const location = { url: undefined, dataDir: '/srv/civitas', drop: async () => undefined };
    expect(testConfig(location).documents).toEqual({ maxBytes: 10 * 1_048_576, storage: 'filesystem' });
    expect(() => testConfig(location, { 'documents.maxBytes': String(101 * 1_048_576) })).toThrow(
      /documents\.maxBytes/,
    );
    expect(() => testConfig(location, { 'documents.storage': 's3' })).toThrow(/documents\.storage/);
  });
});
