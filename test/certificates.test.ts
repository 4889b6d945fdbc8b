/**
 * Certificates over the HTTP API: a registrar prints a registered birth (PDF, recorded, reprints marked), prints a
 * batch in one transaction, and anyone verifies a certificate from its QR code, online or offline with the published
 * key, learning only the event type, number, date and office.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readCertificateCode,
  signCertificateCode,
  verifyCertificateSignature,
} from '../src/services/registry/certificates/code.js';
import { certificateKeys } from '../src/services/registry/certificates/keys.js';
import { qrModulesDrawn, readPdf } from '../src/services/registry/certificates/test-pdf.js';
import { registryDb } from '../src/services/registry/repository.js';
import { startDemoCountry } from './helpers/records.js';
import { type TestCivitas } from './helpers/civitas.js';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A complete birth of the demo form, as in registry.test.ts (importing a test file would run its tests here too). */
function birthDeclaration() {
  return {
    child: {
      firstNames: 'Ada',
      familyName: 'Mwale',
      sex: 'female',
      birthDate: daysAgo(3),
      placeOfBirthType: 'private-home',
      placeOfBirthArea: 'CEN-IBO',
      placeOfBirthAddress: 'Plot 12, Ibombo',
    },
    mother: { firstNames: 'Grace', familyName: 'Mwale', birthDate: '1995-04-02', nationality: 'XDM' },
    father: { detailsNotAvailable: true, reasonNotAvailable: 'Not known to the mother' },
    informant: { type: 'mother' },
  };
}

const HOST = 'registry.example.org';

describe('certificates', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['f.agent', 'r.agent', 'l.registrar']));
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (who: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url,
      headers: { host: HOST, ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
      ...(payload ? { payload } : {}),
    });

  async function declaredBirth(): Promise<string> {
    const { id } = (await call('f.agent', 'POST', '/api/v1/records', { eventType: 'birth' })).json();
    const declared = await call('f.agent', 'POST', `/api/v1/records/${id}/declare`, {
      version: 1,
      data: birthDeclaration(),
    });
    expect(declared.statusCode, declared.body).toBe(200);
    return id;
  }

  /** A birth declared, validated and registered: at version 4. */
  async function registeredBirth(): Promise<{ id: string; registrationNumber: string }> {
    const id = await declaredBirth();
    await call('r.agent', 'POST', `/api/v1/records/${id}/validate`, { version: 2 });
    const registered = await call('l.registrar', 'POST', `/api/v1/records/${id}/register`, { version: 3 });
    expect(registered.statusCode, registered.body).toBe(200);
    return { id, registrationNumber: registered.json().registrationNumber };
  }

  const history = async (id: string) =>
    (await call('l.registrar', 'GET', `/api/v1/records/${id}/history`)).json() as Array<{
      type: string;
      at: string;
      office: string | null;
      details?: Record<string, unknown>;
    }>;
  const prints = async (id: string) => (await history(id)).filter((action) => action.type === 'PRINT_CERTIFICATE');
  const codeOf = (url: string) => url.slice(`http://${HOST}/verify/`.length);

  let printed: { id: string; registrationNumber: string; code: string };

  it('prints a registered birth as a PDF carrying its number, its QR code and the verification link', async () => {
    const birth = await registeredBirth();
    const collector = { type: 'mother', name: 'Grace Mwale', idType: 'national-id', idNumber: '1234567890' };
    const response = await call('l.registrar', 'POST', `/api/v1/records/${birth.id}/certificate`, {
      version: 4,
      collector,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const pdf = await readPdf(response.rawPayload);
    expect(pdf.pages).toHaveLength(1);
    const page = pdf.pages[0]!;
    expect(page.text).toEqual(
      expect.arrayContaining(['Birth certificate', birth.registrationNumber, 'OFF-IBO', 'Ada', 'Grace', '0 XDC']),
    );
    expect(page.text).toContain('on time');
    expect(page.text).not.toContain('REPRINT');
    expect(pdf.subject).toBe(birth.registrationNumber);

    // The link and the QR code both hold the verification address, which is also printed beneath the code.
    expect(page.links).toHaveLength(1);
    const url = page.links[0]!;
    expect(url).toMatch(new RegExp(`^http://${HOST}/verify/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}$`));
    const { size, data } = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    const modules = Array.from({ length: size }, (_, row) => Array.from(data.subarray(row * size, (row + 1) * size)));
    expect(qrModulesDrawn(page, size, 120 / size)).toEqual(modules);
    expect(page.text.join('')).toContain(url);

    const recorded = await prints(birth.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.details).toMatchObject({ collector, timeliness: 'on-time' });
    printed = { ...birth, code: codeOf(url) };
  });

  it('marks the second print as a reprint and records both', async () => {
    const response = await call('l.registrar', 'POST', `/api/v1/records/${printed.id}/certificate`, {
      version: 5,
      language: 'fr',
      copies: 2,
    });
    expect(response.statusCode, response.body).toBe(200);
    const pages = (await readPdf(response.rawPayload)).pages;
    expect(pages).toHaveLength(2);
    expect(pages[1]!.text).toEqual(expect.arrayContaining(['DUPLICATA', 'Certificat de naissance', 'Féminin']));
    const recorded = await prints(printed.id);
    expect(recorded).toHaveLength(2);
    expect(recorded[1]!.details).toMatchObject({ copies: 2 });
    const record = (await call('l.registrar', 'GET', `/api/v1/records/${printed.id}`)).json();
    expect(record).toMatchObject({ version: 6, flags: ['PRINTED'] });
  });

  it('verifies the certificate’s code for anyone, telling only event type, number, date and office', async () => {
    const response = await call(undefined, 'GET', `/verify/${printed.code}`);
    expect(response.statusCode, response.body).toBe(200);
    const registration = (await history(printed.id)).find((action) => action.type === 'REGISTER')!;
    expect(response.json()).toStrictEqual({
      genuine: true,
      eventType: 'birth',
      registrationNumber: printed.registrationNumber,
      registeredOn: registration.at.slice(0, 10),
      office: 'OFF-IBO',
    });
    expect(response.body).not.toMatch(/Ada|Mwale|Grace/);
  });

  it('says a code with one character changed is not genuine', async () => {
    const code = printed.code;
    const flip = (at: number) => code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1);
    const dot = code.indexOf('.');
    for (const at of [dot + 20, code.length - 2, Math.floor(dot / 2)]) {
      const response = await call(undefined, 'GET', `/verify/${flip(at)}`);
      expect(response.json(), `character ${at}`).toMatchObject({ genuine: false, reason: 'tampered' });
    }
    expect((await call(undefined, 'GET', '/verify/not-a-certificate')).json()).toMatchObject({
      genuine: false,
      reason: 'malformed',
    });
    const [payload] = code.split('.');
    const { privateKey } = generateKeyPairSync('ed25519');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = signCertificateCode(
      { kid: 'forger', privateKey },
      {
        eventType: 'birth',
        registrationNumber: claims.n,
        registeredOn: claims.d,
        office: claims.o,
        recordId: claims.r,
      },
    );
    expect((await call(undefined, 'GET', `/verify/${forged}`)).json()).toMatchObject({
      genuine: false,
      reason: 'unknown-key',
    });
  });

  it('publishes the public key, with which the code verifies offline; the private key is stored sealed', async () => {
    const response = await call(undefined, 'GET', '/.well-known/certificate-keys.json');
    expect(response.statusCode).toBe(200);
    const { keys } = response.json() as { keys: Array<{ kid: string; kty: string; crv: string; x: string }> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
    const read = readCertificateCode(printed.code);
    expect(read).toMatchObject({
      ok: true,
      kid: keys[0]!.kid,
      claims: { registrationNumber: printed.registrationNumber },
    });
    const publicKey = createPublicKey({ key: keys[0]!, format: 'jwk' });
    expect(read.ok && verifyCertificateSignature(read, publicKey)).toBe(true);

    const { rows } = await sql<{ private_key: string }>`select private_key from registry.certificate_keys`.execute(
      civitas.database.root,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.private_key).not.toContain('PRIVATE KEY');
  });

  it('says so when the signature holds but the register does not confirm it', async () => {
    const db = registryDb(civitas.database);
    const key = await certificateKeys(db, civitas.config.secretKey!).signing();
    const claims = {
      eventType: 'birth',
      registrationNumber: printed.registrationNumber,
      registeredOn: '2020-01-01',
      office: 'OFF-IBO',
    };
    const unknown = signCertificateCode(key, { ...claims, recordId: '01a21635-2c6d-7001-a134-ebe84e8d1520' });
    expect((await call(undefined, 'GET', `/verify/${unknown}`)).json()).toMatchObject({
      genuine: false,
      reason: 'not-found',
    });
    const otherNumber = signCertificateCode(key, { ...claims, registrationNumber: 'B1999-X-1', recordId: printed.id });
    expect((await call(undefined, 'GET', `/verify/${otherNumber}`)).json()).toMatchObject({ reason: 'not-found' });

    // No action takes a registration back yet; a record row that is no longer REGISTERED stands in for one.
    const { id, registrationNumber } = await registeredBirth();
    const revoked = signCertificateCode(key, { ...claims, registrationNumber, recordId: id });
    await sql`update registry.records set status = 'ARCHIVED' where id = ${id}`.execute(civitas.database.root);
    expect((await call(undefined, 'GET', `/verify/${revoked}`)).json()).toMatchObject({
      genuine: false,
      reason: 'revoked',
    });
  });

  it('prints a batch as one PDF of a page per record, in the order asked, each print recorded', async () => {
    const births = [await registeredBirth(), await registeredBirth(), await registeredBirth()];
    const response = await call('l.registrar', 'POST', '/api/v1/certificates/batch', {
      records: births.map((birth) => ({ id: birth.id, version: 4 })),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(response.rawPayload);
    expect(pdf.pages).toHaveLength(3);
    expect(pdf.pages.map((page) => births.findIndex((birth) => page.text.includes(birth.registrationNumber)))).toEqual([
      0, 1, 2,
    ]);
    for (const birth of births) expect(await prints(birth.id)).toHaveLength(1);
    // Every page's code verifies.
    for (const page of pdf.pages) {
      const verified = (await call(undefined, 'GET', `/verify/${codeOf(page.links[0]!)}`)).json();
      expect(verified).toMatchObject({ genuine: true });
    }
  });

  it('prints nothing of a batch when one record is refused, and names that record', async () => {
    const first = await registeredBirth();
    const unregistered = await declaredBirth();
    const third = await registeredBirth();
    const response = await call('l.registrar', 'POST', '/api/v1/certificates/batch', {
      records: [
        { id: first.id, version: 4 },
        { id: unregistered, version: 2 },
        { id: third.id, version: 4 },
      ],
    });
    expect(response.json()).toMatchObject({ status: 409, code: 'REGISTRY_WRONG_STATUS', field: 'records.1.id' });
    expect(response.json().detail).toContain(unregistered);
    for (const id of [first.id, unregistered, third.id]) expect(await prints(id)).toHaveLength(0);

    const stale = await call('l.registrar', 'POST', '/api/v1/certificates/batch', {
      records: [
        { id: first.id, version: 4 },
        { id: third.id, version: 3 },
      ],
    });
    expect(stale.json()).toMatchObject({ status: 409, code: 'REGISTRY_VERSION_CONFLICT', field: 'records.1.version' });
    expect(await prints(first.id)).toHaveLength(0);
  });

  it('refuses an unregistered record, another role and a caller without a token, recording nothing', async () => {
    const id = await declaredBirth();
    const early = await call('l.registrar', 'POST', `/api/v1/records/${id}/certificate`, { version: 2 });
    expect(early.json()).toMatchObject({ status: 409, code: 'REGISTRY_WRONG_STATUS' });

    const birth = await registeredBirth();
    const url = `/api/v1/records/${birth.id}/certificate`;
    expect((await call('f.agent', 'POST', url, { version: 4 })).statusCode).toBe(403);
    expect((await call(undefined, 'POST', url, { version: 4 })).statusCode).toBe(401);
    const batch = { records: [{ id: birth.id, version: 4 }] };
    expect((await call('f.agent', 'POST', '/api/v1/certificates/batch', batch)).statusCode).toBe(403);
    expect((await call(undefined, 'POST', '/api/v1/certificates/batch', batch)).statusCode).toBe(401);
    const german = await call('l.registrar', 'POST', url, { version: 4, language: 'de' });
    expect(german.json()).toMatchObject({ status: 400, field: 'language' });
    expect(await prints(birth.id)).toHaveLength(0);
  });

  it('lists the certificate routes in the API document', async () => {
    const document = (await call(undefined, 'GET', '/openapi.json')).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/records/{id}/certificate', '/api/v1/certificates/batch', '/verify/{*}']),
    );
  });

  it('limits verifications per network address', async () => {
    const verify = () => civitas.app.inject({ url: `/verify/${printed.code}`, remoteAddress: '203.0.113.9' });
    for (let i = 0; i < 60; i++) expect((await verify()).statusCode).toBe(200);
    const limited = await verify();
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(undefined, 'GET', `/verify/${printed.code}`)).statusCode).toBe(200);
  });
});
