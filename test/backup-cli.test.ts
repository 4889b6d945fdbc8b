/**
 * `civitas backup` and `civitas restore`, the way an operator runs them: a Civitas with records, identities, audit
 * entries and a document is backed up, restored into a fresh database, and a Civitas started there serves the same
 * record and goes on numbering where it stopped. Also: a PGlite backup restores into the run's database exactly;
 * restore refuses what it must and then changes nothing; and a backup taken under writes is one moment in time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '../src/config/schema.js';
import { sealAudit } from '../src/core/audit/seal.js';
import type { AuditTables } from '../src/core/audit/tables.js';
import { verifyAuditChain } from '../src/core/audit/verify.js';
import { dumpDatabase } from '../src/core/backup/dump.js';
import { restoreDatabase } from '../src/core/backup/restore.js';
import { openDatabase, type Database } from '../src/core/db/open.js';
import { DEMO_PASSWORD } from '../src/services/auth/seed.js';
import { loadServices } from '../src/services/index.js';
import { signIn } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { createTestDatabase, DATABASE_KIND, openTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { eventually } from './helpers/http.js';
import { runCivitas } from './helpers/process.js';
import { birthDeclaration, startDemoCountry } from './helpers/records.js';

const FLAGS = {
  services: 'config,auth,registry,identity,documents',
  'identity.poolSize': '200',
  'identity.poolRefillBelow': '50',
};

/** The environment that points a `civitas` command at a test database. */
const envOf = (location: TestDatabaseLocation) => ({
  CIVITAS_DATA_DIR: location.dataDir,
  ...(location.url ? { DATABASE_URL: location.url } : {}),
});

/** A PDF with one empty page. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
    'trailer <</Root 1 0 R>>\n%%EOF\n',
);

function caller(civitas: TestCivitas, tokens: Record<string, string>) {
  return (who: string, method: 'GET' | 'POST', url: string, payload?: object | Buffer) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(Buffer.isBuffer(payload) ? { 'content-type': 'application/pdf' } : {}),
      },
      ...(payload ? { payload } : {}),
    });
}

type Call = ReturnType<typeof caller>;

/** f.agent declares a birth (with `extra` data), l.registrar registers it; resolves once it has its identity number. */
async function registerBirth(call: Call, extra: object = {}) {
  const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
  const declared = await call('f.agent', 'POST', `/records/${id}/declare`, {
    version: 1,
    data: { ...birthDeclaration(), ...extra },
  });
  expect(declared.statusCode, declared.body).toBe(200);
  const registered = await call('l.registrar', 'POST', `/records/${id}/register`, { version: 2 });
  expect(registered.statusCode, registered.body).toBe(200);
  return eventually(`the identity number of record ${id}`, async () => {
    const record = (await call('l.registrar', 'GET', `/records/${id}`)).json();
    return record.identityNumber ? (record as Record<string, string>) : undefined;
  });
}

/** A fingerprint of every row of every table of the Civitas schemas, timestamps in UTC. */
async function fingerprints(database: Database): Promise<Record<string, string>> {
  return database.root.transaction().execute(async (tx) => {
    await sql`set local timezone = 'UTC'`.execute(tx);
    const { rows: tables } = await sql<{ name: string }>`select n.nspname || '.' || c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = any(${[...SERVICE_NAMES]}) and c.relname <> 'migrations' order by 1`.execute(
      tx,
    );
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await sql<{ hash: string; n: number }>`select md5(coalesce(string_agg(t::text, '|' order by
        t::text), '')) as hash, count(*)::int as n from ${sql.table(name)} t`.execute(tx);
      result[name] = `${rows[0]!.n} ${rows[0]!.hash}`;
    }
    return result;
  });
}

// Each test runs several civitas commands and starts Civitas more than once: minutes on a busy two-core machine.
describe('civitas backup and civitas restore', { timeout: 180_000 }, () => {
  const cleanup: Array<() => Promise<void>> = [];
  let folder: string;
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });
  const scratch = () => {
    folder = mkdtempSync(join(tmpdir(), 'civitas-backup-cli-'));
    cleanup.push(async () => rmSync(folder, { recursive: true, force: true }));
    return folder;
  };
  const newDatabase = async (options: { bare?: boolean } = {}) => {
    const location = await createTestDatabase(options);
    cleanup.push(() => location.drop());
    return location;
  };

  it('restores a running Civitas into a fresh database: the same record, identity, document and audit chain; numbering goes on', async () => {
    const dir = scratch();
    const { civitas, tokens } = await startDemoCountry(['f.agent', 'l.registrar'], FLAGS);
    let running = true;
    const stopSource = async () => {
      if (running) await civitas.stop();
      running = false;
    };
    cleanup.push(async () => {
      await stopSource();
      await civitas.location.drop();
    });
    const call = caller(civitas, tokens);
    const uploaded = await call('f.agent', 'POST', '/documents', PDF);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const documentId = uploaded.json().id as string;
    const record = await registerBirth(call, { documents: { motherIdProof: documentId } });
    expect(record).toMatchObject({ status: 'REGISTERED', registrationNumber: expect.any(String) });

    // PGlite admits one process: single mode is backed up with the server stopped. PostgreSQL: while it serves.
    if (DATABASE_KIND === 'pglite') await stopSource();
    const file = join(dir, 'civitas.backup');
    const backup = await runCivitas(['backup', '--out', file], envOf(civitas.location));
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(
      /^backup: .*civitas\.backup: 5 schemas \(config, auth, registry, identity, documents\), \d+ tables, \d+ rows, [\d.]+ KiB in [\d.]+ s\n/,
    );
    expect(backup.stdout).toMatch(/\nbackup: 1 document files \([\d.]+ KiB\) from .+ are in the backup\n$/);
    expect(backup.stderr).toMatch(/backup: registry\.records +\[#*-*\] \d+% \d+\/\d+/);
    if (DATABASE_KIND === 'postgres') await stopSource();

    const target = await newDatabase();
    const restore = await runCivitas(['restore', file], envOf(target));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(
      new RegExp(
        `^restore: .*civitas\\.backup \\(Civitas 0\\.1\\.0, ${DATABASE_KIND}, taken .*\\): 5 schemas, \\d+ tables, \\d+ rows, 1 document files \\([\\d.]+ KiB\\) in [\\d.]+ s; row counts match the backup\\n$`,
      ),
    );

    const restored = await startTestCivitas(
      { env: 'development', 'auth.developmentCode': '000000', ...FLAGS },
      { location: target },
    );
    cleanup.push(() => restored.stop());
    // Passwords, roles and offices came back: the demo staff sign in.
    const again: Record<string, string> = {};
    for (const username of ['f.agent', 'l.registrar'])
      again[username] = (await signIn(restored, username, DEMO_PASSWORD)).accessToken;
    const callRestored = caller(restored, again);
    const read = (await callRestored('l.registrar', 'GET', `/records/${record.id}`)).json();
    expect(read).toMatchObject({
      trackingId: record.trackingId,
      status: 'REGISTERED',
      registrationNumber: record.registrationNumber,
      identityNumber: record.identityNumber,
    });
    const document = await callRestored('l.registrar', 'GET', `/documents/${documentId}`);
    expect(document.statusCode, document.body).toBe(200);
    expect(document.rawPayload.equals(PDF)).toBe(true);

    const auditDb = restored.database.forSchema<AuditTables>('registry');
    await sealAudit(auditDb);
    const chain = await verifyAuditChain(auditDb);
    expect(chain).toMatchObject({ ok: true });
    expect(chain.checked).toBeGreaterThanOrEqual(4); // create, declare, register, reads

    // Counters and sequences went on from the backup: a new registration gets new numbers.
    const next = await registerBirth(callRestored);
    expect(next.registrationNumber).not.toBe(record.registrationNumber);
    expect(next.identityNumber).not.toBe(record.identityNumber);
    expect(next.trackingId).not.toBe(record.trackingId);
    const { rows } = await sql<{ n: number }>`select count(distinct registration_number)::int as n
      from registry.records where registration_number is not null`.execute(restored.database.root);
    expect(rows[0]!.n).toBe(2);
  });

  it('restores a PGlite backup into the run’s database, every row the same', async () => {
    const dir = scratch();
    // The source is embedded PGlite whatever the run: a legacy register imported into a fresh data directory.
    const source = { CIVITAS_DATA_DIR: join(dir, 'single') };
    expect((await runCivitas(['config', 'import', 'countries/demo'], source)).code).toBe(0);
    const csv = join(dir, 'register.csv');
    writeFileSync(
      csv,
      [
        'registration_number,registration_date,office,child.firstNames,child.familyName,child.sex,child.birthDate,' +
          'child.placeOfBirthType,child.placeOfBirthArea,child.placeOfBirthAddress,mother.firstNames,mother.familyName,' +
          'mother.birthDate,mother.nationality,father.detailsNotAvailable,father.reasonNotAvailable,informant.type',
        ...Array.from(
          { length: 60 },
          (_, n) =>
            `B2019-IBO-${String(n + 1).padStart(5, '0')},2019-03-31,OFF-IBO,Chïld ${n} d'Arc,Banda,${n % 2 ? 'female' : 'male'},` +
            '2019-03-01,private-home,CEN-IBO,Village road,Mary,Banda,1990-01-01,XDM,yes,Unknown,mother',
        ),
      ].join('\n'),
    );
    const imported = await runCivitas(['import', 'records', csv, '--event', 'birth'], source);
    expect(imported.code, imported.stderr).toBe(0);
    const file = join(dir, 'single.backup');
    expect((await runCivitas(['backup', '--out', file], source)).code).toBe(0);

    const target = await newDatabase();
    const restore = await runCivitas(['restore', file], envOf(target));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('(Civitas 0.1.0, pglite, taken ');

    const before = await openDatabase({ dataDir: source.CIVITAS_DATA_DIR });
    const after = await openDatabase({ url: target.url, dataDir: target.dataDir });
    try {
      const expected = await fingerprints(before);
      expect(expected['registry.records']).toMatch(/^60 /);
      expect(await fingerprints(after)).toEqual(expected);
    } finally {
      await before.close();
      await after.close();
    }
  });

  it('refuses a database holding Civitas data without --force, and a truncated or damaged file, changing nothing', async () => {
    const dir = scratch();
    const source = await newDatabase();
    expect((await runCivitas(['config', 'import', 'countries/demo'], envOf(source))).code).toBe(0);
    const file = join(dir, 'config.backup');
    expect((await runCivitas(['backup', '--out', file, '--services', 'config,auth'], envOf(source))).code).toBe(0);
    const again = await runCivitas(['backup', '--out', file], envOf(source));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');

    // Into the source itself: it holds data.
    const counts = async () => {
      const database = await openDatabase({ url: source.url, dataDir: source.dataDir });
      try {
        return await fingerprints(database);
      } finally {
        await database.close();
      }
    };
    const before = await counts();
    const refused = await runCivitas(['restore', file], envOf(source));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^civitas restore: the database already holds Civitas data: config \(\d+ rows in \d+ tables\), auth \(\d+ rows in \d+ tables\)\. Restore into an empty database, or add --force to replace the schemas the backup holds\n$/m,
    );
    expect(await counts()).toEqual(before);

    // A file cut short, and one with a byte changed: refused by line, and an empty target stays empty.
    const bytes = readFileSync(file);
    const truncated = join(dir, 'truncated.backup');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const damaged = join(dir, 'damaged.backup');
    const changed = Buffer.from(bytes);
    changed[Math.floor(bytes.length / 2)]! ^= 0x55;
    writeFileSync(damaged, changed);
    const empty = await newDatabase({ bare: true });
    const cut = await runCivitas(['restore', truncated], envOf(empty));
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/^civitas: .*truncated\.backup: line \d+: the file ends too early: it is truncated$/m);
    const bad = await runCivitas(['restore', damaged], envOf(empty));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^civitas: .*damaged\.backup: line \d+: .+$/m);
    if (!empty.url) expect(existsSync(join(empty.dataDir, 'pglite')), 'PGlite database made').toBe(false);
    const untouched = await openDatabase({ url: empty.url, dataDir: empty.dataDir });
    try {
      expect(await fingerprints(untouched)).toEqual({});
    } finally {
      await untouched.close();
    }

    // Forced, it says what it replaces and does it.
    const forced = await runCivitas(['restore', file, '--force'], envOf(source));
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/restore --force: replacing every row of config \(\d+ rows in \d+ tables\), auth/);
    expect(await counts()).toEqual(before);
  });

  it('takes one moment in time while records are being declared: each record with all its actions, events and audit entries', async () => {
    const dir = scratch();
    const { civitas, tokens } = await startDemoCountry(['f.agent'], { services: 'config,auth,registry' });
    cleanup.push(() => civitas.close());
    const call = caller(civitas, tokens);
    let writing = true;
    const written: number[] = [];
    const writer = async () => {
      while (writing) {
        const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
        const declared = await call('f.agent', 'POST', `/records/${id}/declare`, {
          version: 1,
          data: birthDeclaration(),
        });
        expect(declared.statusCode, declared.body).toBe(200);
        written.push(performance.now());
      }
    };
    const writers = [writer(), writer()];
    const file = join(dir, 'live.backup');
    let started = 0;
    let ended = 0;
    try {
      await eventually('some records declared', async () => (written.length >= 6 ? true : undefined));
      started = performance.now();
      // Small pages: many round trips, so that writes land between them on PostgreSQL.
      await dumpDatabase(civitas.database, {
        out: file,
        schemas: [...SERVICE_NAMES],
        civitasVersion: 'test',
        pageSize: 3,
      });
      ended = performance.now();
      await eventually('a few more records declared', async () =>
        written.some((at) => at > ended) ? true : undefined,
      );
    } finally {
      writing = false;
      await Promise.allSettled(writers);
    }
    if (DATABASE_KIND === 'postgres') {
      expect(
        written.filter((at) => at > started && at < ended).length,
        'declarations during the backup',
      ).toBeGreaterThan(0);
    }

    const target = await openTestDatabase();
    cleanup.push(() => target.close());
    const plans = (await loadServices([...SERVICE_NAMES])).map((service) => ({
      schema: service.name,
      migrations: service.migrations,
    }));
    await restoreDatabase(target, { file, plans });
    const { rows } = await sql<{
      records: number;
      off: number;
      declares: number;
      events: number;
      audits: number;
    }>`select (select count(*)::int from registry.records) as records,
      (select count(*)::int from registry.records r
        where r.version <> (select count(*) from registry.actions a where a.record_id = r.id)) as off,
      (select count(*)::int from registry.actions where type = 'DECLARE') as declares,
      (select count(*)::int from registry.outbox where type = 'registry.birth.declared') as events,
      (select count(*)::int from registry.audit_log where action = 'record.declare') as audits`.execute(target.root);
    const state = rows[0]!;
    expect(state.records).toBeGreaterThanOrEqual(6);
    expect(state.off).toBe(0);
    expect(state.events).toBe(state.declares);
    expect(state.audits).toBe(state.declares);
    const live = await sql<{ n: number }>`select count(*)::int as n from registry.records`.execute(
      civitas.database.root,
    );
    expect(live.rows[0]!.n).toBeGreaterThan(state.records);
  });
});
