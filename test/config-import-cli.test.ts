/** `civitas config import <folder>`: validates every file first, reports file:line, writes all of them or nothing. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/core/db/open.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { runCivitas } from './helpers/process.js';

describe('civitas config import', () => {
  let location: TestDatabaseLocation | undefined;
  afterEach(async () => {
    await location?.drop();
  });

  it('imports the demo country, is idempotent, and refuses a broken folder without writing any of its files', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    const first = await runCivitas(['config', 'import', 'countries/demo'], env);
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe(
      'areas: 13 created, 0 updated, 0 unchanged\noffices: 10 created, 0 updated, 0 unchanged\n' +
        'facilities: 20 created, 0 updated, 0 unchanged\nevent types: 3 published, 0 unchanged\n' +
        'roles: 8 created, 0 updated, 0 unchanged\n' +
        'staff: 16 created, 0 updated, 0 unchanged\nNew staff are sent an invitation to choose their password.',
    );
    const unchanged =
      'areas: 0 created, 0 updated, 13 unchanged\noffices: 0 created, 0 updated, 10 unchanged\n' +
      'facilities: 0 created, 0 updated, 20 unchanged\nevent types: 0 published, 3 unchanged\n' +
      'roles: 0 created, 0 updated, 8 unchanged\nstaff: 0 created, 0 updated, 16 unchanged';
    const again = await runCivitas(['config', 'import', 'countries/demo'], env);
    expect(again.stdout.trim()).toBe(unchanged);

    const broken = join(location.dataDir, 'broken');
    mkdirSync(broken);
    writeFileSync(
      join(broken, 'areas.csv'),
      'code,name,kind,parent_code\nNEW,New Province,province,\nX,,district,GONE\n',
    );
    writeFileSync(join(broken, 'offices.csv'), 'code,name,area_code\nOFF-NEW,,NEW\n');
    writeFileSync(join(broken, 'facilities.csv'), 'code,name,kind,area_code\nFAC-NEW,New Clinic,surgery,NEW\n');
    mkdirSync(join(broken, 'events'));
    writeFileSync(join(broken, 'events', 'birth.yaml'), 'id: birth\nversion: 1\nlabel: { en: Birth\nform: x\n');
    const refused = await runCivitas(['config', 'import', broken], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Nothing was imported/);
    expect(refused.stderr).toContain(`${join(broken, 'areas.csv')}:3: name: is required`);
    expect(refused.stderr).toContain(`${join(broken, 'offices.csv')}:2: name: is required`);
    expect(refused.stderr).toContain(
      `${join(broken, 'facilities.csv')}:2: kind: use hospital, health-centre, clinic or maternity`,
    );
    expect(refused.stderr).toContain(`${join(broken, 'events', 'birth.yaml')}:4: Flow map in block collection`);
    rmSync(join(broken, 'events'), { recursive: true });
    writeFileSync(join(broken, 'facilities.csv'), 'code,name,kind,area_code\nFAC-NEW,New Clinic,clinic,NEW\n');

    writeFileSync(join(broken, 'areas.csv'), 'code,name,kind,parent_code\nNEW,New Province,province,\n');
    writeFileSync(join(broken, 'offices.csv'), 'code,name,area_code\nOFF-NEW,New Office,GONE\n');
    const unknownArea = await runCivitas(['config', 'import', broken], env);
    expect(unknownArea.code).toBe(2);
    expect(unknownArea.stderr).toContain(
      `${join(broken, 'offices.csv')}:2: area_code: OFF-NEW names unknown area GONE`,
    );
    const after = await runCivitas(['config', 'import', 'countries/demo'], env);
    expect(after.stdout.trim()).toBe(unchanged);
    // Once mended, the province NEW and its clinic come as created: the refused imports wrote nothing of them.
    writeFileSync(join(broken, 'offices.csv'), 'code,name,area_code\nOFF-NEW,New Office,NEW\n');
    const mended = await runCivitas(['config', 'import', broken], env);
    expect(mended.stdout.trim()).toBe(
      'areas: 1 created, 0 updated, 0 unchanged\noffices: 1 created, 0 updated, 0 unchanged\n' +
        'facilities: 1 created, 0 updated, 0 unchanged\nevent types: 0 published, 0 unchanged',
    );
  });

  it('checks roles.csv and users.csv with the other files: staff may hold the roles the folder defines', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    const country = join(location.dataDir, 'country');
    mkdirSync(country);
    writeFileSync(join(country, 'areas.csv'), 'code,name,kind,parent_code\nP1,Province One,province,\n');
    const roles = (scopes: string) =>
      `role,label_en,label_fr,scopes\narchivist,Archivist,Archiviste,${scopes}\n` +
      'national-sysadmin,National administrator,Administrateur national,user.read user.create user.role\n';
    writeFileSync(join(country, 'roles.csv'), roles('config.read record.read[area]'));
    writeFileSync(
      join(country, 'users.csv'),
      'username,name,role,office,email,phone,language\n' +
        'a.archivist,Ann Archivist,archivist,,,+260970000101,en\n' +
        'f.agent,Farida Agent,field-agent,,,+260970000102,en\n',
    );
    const refused = await runCivitas(['config', 'import', country], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Nothing was imported\. 3 problem\(s\)/);
    expect(refused.stderr).toContain(
      `${join(country, 'roles.csv')}:2: scopes: "record.read[area]": the condition "area" is not key=value or key=value|value`,
    );
    // The folder's roles replace the built-in ones: field-agent is not among them, and a role with a problem is none.
    expect(refused.stderr).toContain(`${join(country, 'users.csv')}:3: role: no role is named field-agent`);
    expect(refused.stderr).toContain(`${join(country, 'users.csv')}:2: role: no role is named archivist`);

    writeFileSync(join(country, 'roles.csv'), roles('config.read record.read'));
    writeFileSync(
      join(country, 'users.csv'),
      'username,name,role,office,email,phone,language\na.archivist,Ann Archivist,archivist,,,+260970000101,en\n',
    );
    const imported = await runCivitas(['config', 'import', country], env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout.trim()).toBe(
      'areas: 1 created, 0 updated, 0 unchanged\noffices: 0 created, 0 updated, 0 unchanged\n' +
        'facilities: 0 created, 0 updated, 0 unchanged\nevent types: 0 published, 0 unchanged\n' +
        'roles: 2 created, 0 updated, 0 unchanged\n' +
        'staff: 1 created, 0 updated, 0 unchanged\nNew staff are sent an invitation to choose their password.',
    );
    // A later import that changes a role's scopes updates it; the roles it leaves out stay.
    writeFileSync(join(country, 'roles.csv'), roles('config.read record.read record.print').split('\n', 2).join('\n'));
    const changed = await runCivitas(['config', 'import', country], env);
    expect(changed.stdout).toContain(
      'roles: 0 created, 1 updated, 0 unchanged\nstaff: 0 created, 0 updated, 1 unchanged',
    );
    const database = await openDatabase({ url: location.url, dataDir: env.CIVITAS_DATA_DIR });
    try {
      const { rows } = await sql<{ name: string; scopes: string[] }>`select name, scopes from auth.roles
        order by name`.execute(database.root);
      expect(rows).toEqual([
        { name: 'archivist', scopes: ['config.read', 'record.read', 'record.print'] },
        { name: 'national-sysadmin', scopes: ['user.read', 'user.create', 'user.role'] },
      ]);
    } finally {
      await database.close();
    }
  });

  it('checks users.csv with the other files: an unknown office refuses the folder, writing nothing, not even areas', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    const country = join(location.dataDir, 'country');
    mkdirSync(country);
    writeFileSync(join(country, 'areas.csv'), 'code,name,kind,parent_code\nP1,Province One,province,\n');
    writeFileSync(join(country, 'offices.csv'), 'code,name,area_code\nOFF-P1,Province Office,P1\n');
    const staff = (office: string) =>
      'username,name,role,office,email,phone,language\n' +
      'a.agent,Ada Agent,field-agent,OFF-P1,,+260970000101,en\n' +
      `b.agent,Ben Agent,field-agent,${office},,+260970000102,fr\n` +
      'n.admin,Nia Admin,national-sysadmin,,n.admin@example.org,,en\n';
    writeFileSync(join(country, 'users.csv'), staff('OFF-NOPE'));
    const refused = await runCivitas(['config', 'import', country], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Nothing was imported\. 1 problem\(s\)/);
    expect(refused.stderr).toContain(`${join(country, 'users.csv')}:3: office: no office has the code OFF-NOPE`);

    // A users.csv problem is reported with the other files' problems.
    writeFileSync(join(country, 'offices.csv'), 'code,name,area_code\nOFF-P1,,P1\n');
    const both = await runCivitas(['config', 'import', country], env);
    expect(both.stderr).toMatch(/2 problem\(s\)/);
    expect(both.stderr).toContain(`${join(country, 'offices.csv')}:2: name: is required`);

    // Mended, everything comes as created: the refused imports wrote nothing of it.
    writeFileSync(join(country, 'offices.csv'), 'code,name,area_code\nOFF-P1,Province Office,P1\n');
    writeFileSync(join(country, 'users.csv'), staff('OFF-P1'));
    const imported = await runCivitas(['config', 'import', country], env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout.trim()).toBe(
      'areas: 1 created, 0 updated, 0 unchanged\noffices: 1 created, 0 updated, 0 unchanged\n' +
        'facilities: 0 created, 0 updated, 0 unchanged\nevent types: 0 published, 0 unchanged\n' +
        'staff: 3 created, 0 updated, 0 unchanged\nNew staff are sent an invitation to choose their password.',
    );
    const database = await openDatabase({ url: location.url, dataDir: env.CIVITAS_DATA_DIR });
    try {
      const { rows } = await sql<{ username: string; password_hash: string | null; invited: number }>`
        select username, password_hash,
          (select count(*)::int from auth.outbox where type = 'auth.account-code.requested' and subject = users.id::text)
            as invited
        from auth.users order by username`.execute(database.root);
      expect(rows).toEqual([
        { username: 'a.agent', password_hash: null, invited: 1 },
        { username: 'b.agent', password_hash: null, invited: 1 },
        { username: 'n.admin', password_hash: null, invited: 1 },
      ]);
    } finally {
      await database.close();
    }
  });

  it('in development mode, creates new staff without invitations and tells the operator how they get a password', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_ENV: 'development',
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    const imported = await runCivitas(['config', 'import', 'countries/demo'], env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('staff: 16 created, 0 updated, 0 unchanged');
    expect(imported.stdout).toContain('"forgot password"');
    const database = await openDatabase({ url: location.url, dataDir: env.CIVITAS_DATA_DIR });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from auth.outbox`.execute(database.root);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await database.close();
    }
  });
});
