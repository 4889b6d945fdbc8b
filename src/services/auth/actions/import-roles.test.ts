import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import type { Database } from '../../../core/db/open.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { authDb } from '../api.js';
import authService from '../index.js';
import { insertUsers, type AuthDb } from '../repository.js';
import { currentRoles, scopesOf } from '../role-book.js';
import { ROLES } from '../roles.js';
import { insertSession } from '../sessions-repository.js';
import { importRoles, parseRolesCsv } from './import-roles.js';

const HEADER = 'role,label_en,label_fr,scopes\n';

describe('parseRolesCsv', () => {
  it('reports every problem as file:line: column: what is wrong, and keeps only the valid rows', () => {
    const { roles, problems } = parseRolesCsv(
      HEADER +
        'archivist,Archivist,Archiviste,config.read record.read\n' +
        'Chief Clerk,Chief clerk,Chef,config.read\n' +
        'clerk,Clerk,Commis,record.read[area] user.read\n' +
        'archivist,Archivist,Archiviste,config.read\n' +
        'unnamed,,,config.read\n' +
        'idle,Idle,Inactif,\n' +
        'twice,Twice,Deux fois,config.read config.read\n',
      'roles.csv',
    );
    expect(problems).toEqual([
      'roles.csv:3: role: Chief Clerk is not a role name: use lower-case letters, digits and -',
      'roles.csv:4: scopes: "record.read[area]": the condition "area" is not key=value or key=value|value',
      'roles.csv:5: role: archivist is already on line 2',
      'roles.csv:6: label_en: is required',
      'roles.csv:6: label_fr: is required',
      'roles.csv:7: scopes: is required (space-separated, e.g. config.read record.read)',
      'roles.csv:8: scopes: config.read is listed twice',
    ]);
    expect(roles).toEqual([
      { name: 'archivist', label: { en: 'Archivist', fr: 'Archiviste' }, scopes: ['config.read', 'record.read'] },
    ]);
  });

  it('names missing and unknown columns, and a malformed line', () => {
    expect(parseRolesCsv('role,scopes\nx-y,config.read\n', 'r.csv').problems).toEqual([
      'r.csv:1: missing column(s) label_<language> (one per language, e.g. label_en)',
    ]);
    expect(parseRolesCsv('role,label_en\nx-y,X\n', 'r.csv').problems).toEqual(['r.csv:1: missing column(s) scopes']);
    expect(parseRolesCsv('role,label_en,scopes,rank\nx-y,X,config.read,1\n', 'r.csv')).toMatchObject({
      problems: ['r.csv:1: unknown column(s) rank'],
      roles: [{ name: 'x-y' }],
    });
    expect(parseRolesCsv(HEADER + 'x-y,"unclosed,X,config.read\n', 'r.csv').problems[0]).toMatch(/^r\.csv:\d+: /);
  });

  it('reads the demo country’s roles: the built-in ones with the same scopes, and a hospital clerk', () => {
    const file = 'countries/demo/roles.csv';
    const { roles, problems } = parseRolesCsv(readFileSync(file, 'utf8'), file);
    expect(problems).toEqual([]);
    const byName = new Map(roles.map((role) => [role.name, role]));
    for (const [name, scopes] of Object.entries(ROLES)) expect(byName.get(name)?.scopes, name).toEqual(scopes);
    expect(byName.get('hospital-clerk')).toEqual({
      name: 'hospital-clerk',
      label: { en: 'Hospital clerk', fr: 'Agent hospitalier' },
      scopes: [
        'config.read',
        'record.read[event=birth|death,area=my-jurisdiction]',
        'record.declare[event=birth|death,area=my-jurisdiction]',
      ],
    });
    expect(roles.every((role) => role.label.en && role.label.fr)).toBe(true);
  });
});

describe('importRoles', () => {
  let database: Database;
  let db: AuthDb;
  beforeEach(async () => {
    database = await openTestDatabase();
    await migrate(database.root, [{ schema: 'auth', migrations: authService.migrations }]);
    db = authDb(database);
  });
  afterEach(async () => {
    await database.close();
  });

  const options = { file: 'roles.csv', traceId: 'test' };
  const load = (csv: string) => {
    const { roles, problems } = parseRolesCsv(HEADER + csv, 'roles.csv');
    expect(problems).toEqual([]);
    return importRoles(db, roles, options);
  };
  const ARCHIVIST = 'archivist,Archivist,Archiviste,config.read record.read\n';
  const CLERK = 'clerk,Clerk,Commis,config.read record.declare\n';
  /** A user of the role, signed in: answers their session. */
  const signedIn = async (role: string) => {
    const id = uuidv7();
    const user = { id, username: `u-${id}`, name: 'U', role, office: null, email: null, phone: null };
    await insertUsers(db, [{ ...user, language: 'en', password_hash: null }]);
    const sessionId = uuidv7();
    await insertSession(db, { id: sessionId, subjectId: id, kind: 'user', address: null });
    return sessionId;
  };
  const revoked = async (sessionId: string) =>
    (await db.selectFrom('sessions').select('revoked_at').where('id', '=', sessionId).executeTakeFirstOrThrow())
      .revoked_at !== null;
  const audits = () => db.selectFrom('audit').select(['action', 'detail', 'request_id']).orderBy('id').execute();

  it('answers the built-in roles until a country defines its own, then those at once', async () => {
    expect([...(await currentRoles(db)).keys()]).toEqual(Object.keys(ROLES));
    expect(await scopesOf(db, 'performance-manager')).toEqual(['config.read', 'statistics.read', 'account.self']);
    expect((await currentRoles(db)).get('field-agent')?.label).toEqual({ en: 'Field agent' });

    expect(await load(ARCHIVIST + CLERK)).toEqual({ created: 2, updated: 0, unchanged: 0 });
    // Within the cache's 10 s: the import in this process forgot the cached roles.
    expect([...(await currentRoles(db)).keys()]).toEqual(['archivist', 'clerk']);
    expect(await scopesOf(db, 'archivist')).toEqual(['config.read', 'record.read', 'account.self']);
    expect(await scopesOf(db, 'field-agent')).toEqual([]);
  });

  it('is idempotent, and keeps the roles a later file leaves out', async () => {
    await load(ARCHIVIST + CLERK);
    const audited = await audits();
    expect(await load(ARCHIVIST + CLERK)).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await load(CLERK)).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await audits()).toEqual(audited);
    expect([...(await currentRoles(db)).keys()]).toEqual(['archivist', 'clerk']);
  });

  it('ends the sessions of the users of a role whose scopes changed, and audits what was added and removed', async () => {
    await load(ARCHIVIST + CLERK);
    const archivist = await signedIn('archivist');
    const clerk = await signedIn('clerk');

    const changed = ARCHIVIST.replace('config.read record.read', 'record.read record.print');
    expect(await load(changed + CLERK)).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(await revoked(archivist)).toBe(true);
    expect(await revoked(clerk)).toBe(false);
    expect(await scopesOf(db, 'archivist')).toEqual(['record.read', 'record.print', 'account.self']);
    expect(await audits()).toEqual([
      {
        action: 'role.changed',
        detail: 'by country import: archivist: added record.print; removed config.read; 1 session(s) ended (roles.csv)',
        request_id: 'test',
      },
    ]);
    // The same scopes in another order change nothing.
    expect(await load('archivist,Archivist,Archiviste,record.print record.read\n')).toMatchObject({ unchanged: 1 });
  });

  it('updates a new label without ending anyone’s sessions', async () => {
    await load(CLERK);
    const session = await signedIn('clerk');
    expect(await load(CLERK.replace('Commis', 'Employé'))).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await currentRoles(db)).get('clerk')?.label).toEqual({ en: 'Clerk', fr: 'Employé' });
    expect(await revoked(session)).toBe(false);
    expect(await audits()).toEqual([]);
  });

  it('compares a first import with the built-in roles: a built-in role granted otherwise ends its users’ sessions', async () => {
    const agent = await signedIn('field-agent');
    const manager = await signedIn('performance-manager');
    const csv =
      'field-agent,Field agent,Agent de terrain,config.read record.read[area=my-jurisdiction]\n' +
      'performance-manager,Performance manager,Responsable des performances,config.read statistics.read\n';
    expect(await load(csv)).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await revoked(agent)).toBe(true);
    expect(await revoked(manager)).toBe(false);
    expect((await audits()).map((row) => row.detail)).toEqual([
      'by country import: field-agent: removed record.declare[area=my-jurisdiction]; 1 session(s) ended (roles.csv)',
    ]);
  });

  it('writes nothing when any role cannot be written', async () => {
    const { roles } = parseRolesCsv(HEADER + ARCHIVIST + CLERK, 'roles.csv');
    const broken = { ...roles[1]!, label: undefined as unknown as Record<string, string> };
    await expect(importRoles(db, [roles[0]!, broken], options)).rejects.toThrow();
    expect(await db.selectFrom('roles').select('name').execute()).toEqual([]);
  });
});
