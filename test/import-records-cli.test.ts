/**
 * `civitas import records`: a legacy register becomes registered records with their own numbers and dates; every
 * row is checked first, nothing is written when one is wrong, and running it again (after a crash, or after it
 * finished) skips what is there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/core/db/open.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { runCivitas } from './helpers/process.js';

const HEADER =
  'registration_number,registration_date,office,child.firstNames,child.familyName,child.sex,child.birthDate,' +
  'child.placeOfBirthType,child.placeOfBirthArea,child.placeOfBirthAddress,mother.firstNames,mother.familyName,' +
  'mother.birthDate,mother.nationality,father.detailsNotAvailable,father.reasonNotAvailable,informant.type';

const row = (n: number, overrides: Partial<Record<'area' | 'sex' | 'date' | 'number', string>> = {}) =>
  [
    overrides.number ?? `B2019-IBO-${String(n).padStart(5, '0')}`,
    overrides.date ?? '2019-03-31',
    'OFF-IBO',
    `Child${n}`,
    'Banda',
    overrides.sex ?? (n % 2 ? 'female' : 'male'),
    '2019-03-01',
    'private-home',
    overrides.area ?? 'CEN-IBO',
    'Village road',
    'Mary',
    'Banda',
    '1990-01-01',
    'XDM',
    'yes',
    'Unknown',
    'mother',
  ].join(',');

describe('civitas import records', () => {
  let location: TestDatabaseLocation | undefined;
  afterEach(async () => {
    await location?.drop();
  });

  it('checks every row first, imports with progress, and skips what is there on a re-run', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    expect((await runCivitas(['config', 'import', 'countries/demo'], env)).code).toBe(0);
    const file = join(location.dataDir, 'register-2019.csv');

    writeFileSync(
      file,
      [
        HEADER,
        row(1),
        row(2, { sex: 'dragon' }),
        row(3, { area: 'ATLANTIS' }),
        row(4, { date: '2019-02-01' }),
        row(5, { number: 'B2019-IBO-00001' }),
      ].join('\n'),
    );
    const refused = await runCivitas(['import', 'records', file, '--event', 'birth'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Nothing was imported. 4 problem(s)');
    expect(refused.stderr).toContain(`${file}:3: child.sex:`);
    expect(refused.stderr).toContain(`${file}:4: child.placeOfBirthArea: ATLANTIS is not an area of the country`);
    expect(refused.stderr).toContain(`${file}:5: registration_date: is before the event`);
    expect(refused.stderr).toContain(`${file}:6: registration_number: B2019-IBO-00001 is already on line 2`);

    // A first run that stops after 40 rows (as a crash would), then the whole file.
    const rows = Array.from({ length: 120 }, (_, index) => row(index + 1));
    writeFileSync(file, [HEADER, ...rows.slice(0, 40)].join('\n'));
    const partial = await runCivitas(['import', 'records', file, '--event', 'birth', '--batch-size', '25'], env);
    expect(partial.stdout.trim()).toBe('birth: 40 imported, 0 already there');
    expect(partial.stderr).toMatch(/birth: 40\/40/);
    writeFileSync(file, [HEADER, ...rows].join('\n'));
    const rest = await runCivitas(['import', 'records', file, '--event', 'birth'], env);
    expect(rest.stdout.trim()).toBe('birth: 80 imported, 40 already there');
    const again = await runCivitas(['import', 'records', file, '--event', 'birth'], env);
    expect(again.stdout.trim()).toBe('birth: 0 imported, 120 already there');

    // The same number with other data is a conflict, not a skip.
    writeFileSync(file, [HEADER, row(7, { number: 'B2019-IBO-00001' })].join('\n'));
    const conflict = await runCivitas(['import', 'records', file, '--event', 'birth'], env);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('B2019-IBO-00001 is registered already with other data');

    const database = await openDatabase({ url: location.url, dataDir: env.CIVITAS_DATA_DIR, poolSize: 1 });
    try {
      const { rows: records } = await sql<{ status: string; n: number; registered: string }>`
        select status, count(*)::int as n, min(registration_number) as registered from registry.records
        group by status`.execute(database.root);
      expect(records).toEqual([{ status: 'REGISTERED', n: 120, registered: 'B2019-IBO-00001' }]);
      const { rows: events } = await sql<{ n: number }>`select count(*)::int as n from registry.outbox
        where type = 'registry.birth.registered'`.execute(database.root);
      expect(events[0]!.n).toBe(120);
      const { rows: history } = await sql<{ types: string }>`select string_agg(type, ',' order by seq) as types
        from registry.actions group by record_id limit 1`.execute(database.root);
      expect(history[0]!.types).toBe('CREATE,DECLARE,REGISTER');
    } finally {
      await database.close();
    }
  }, 120_000);
});
