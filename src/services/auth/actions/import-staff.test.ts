import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../../test/helpers/config.js';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import type { Config } from '../../../config/schema.js';
import { migrate } from '../../../core/db/migrate.js';
import type { Database } from '../../../core/db/open.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { authDb } from '../api.js';
import authService from '../index.js';
import type { AuthDb } from '../repository.js';
import { ROLES } from '../roles.js';
import { insertSession } from '../sessions-repository.js';
import { importStaff, parseStaffCsv, type StaffImportOptions } from './import-staff.js';

const HEADER = 'username,name,role,office,email,phone,language\n';
const KNOWN = { offices: new Set(['OFF-A', 'OFF-B']), roles: new Set(Object.keys(ROLES)) };

describe('parseStaffCsv', () => {
  it('reports every problem as file:line: column: what is wrong, and keeps only the valid rows', () => {
    const { staff, problems } = parseStaffCsv(
      HEADER +
        'f.agent,Farida Agent,field-agent,OFF-A,,+260970000001,en\n' +
        'k.king,Kim King,king,OFF-A,,+260970000002,en\n' +
        'n.office,No Office,field-agent,OFF-NOPE,,+260970000003,en\n' +
        'b.phone,Bad Phone,field-agent,OFF-A,not-mail,0977,en\n' +
        'n.contact,No Contact,national-registrar,,,,fr\n' +
        'f.agent,Farida Again,field-agent,OFF-B,,+260970000006,en\n',
      'users.csv',
      KNOWN,
    );
    expect(problems).toEqual([
      'users.csv:3: role: no role is named king; use one of field-agent, registration-agent, local-registrar, national-registrar, local-sysadmin, national-sysadmin, performance-manager',
      'users.csv:4: office: no office has the code OFF-NOPE',
      'users.csv:5: email: is not an e-mail address',
      'users.csv:5: phone: use the international form, e.g. +260971234567',
      'users.csv:6: phone: a phone number or an e-mail address is needed for sign-in codes',
      'users.csv:7: username: f.agent is already on line 2',
    ]);
    expect(staff.map((user) => user.username)).toEqual(['f.agent']);
  });

  it('accepts the roles it is told of, such as those a country defines, and only those', () => {
    const roles = new Set(['archivist', 'field-agent']);
    const { staff, problems } = parseStaffCsv(
      HEADER +
        'a.one,Ann One,archivist,OFF-A,,+260970000001,en\nb.two,Ben Two,local-registrar,OFF-A,,+260970000002,en\n',
      'users.csv',
      { ...KNOWN, roles },
    );
    expect(problems).toEqual([
      'users.csv:3: role: no role is named local-registrar; use one of archivist, field-agent',
    ]);
    expect(staff.map((user) => user.role)).toEqual(['archivist']);
  });

  it('reads empty or left-out optional columns as none, and English by default', () => {
    const { staff, problems } = parseStaffCsv(
      'username,name,role,email\n n.admin , Nia Admin ,national-sysadmin,n.admin@example.org\n',
      'users.csv',
      KNOWN,
    );
    expect(problems).toEqual([]);
    expect(staff).toEqual([
      {
        username: 'n.admin',
        name: 'Nia Admin',
        role: 'national-sysadmin',
        office: null,
        email: 'n.admin@example.org',
        phone: null,
        language: 'en',
      },
    ]);
  });

  it('names missing and unknown columns, and a malformed line', () => {
    expect(parseStaffCsv('username,name\nx.y,X\n', 'u.csv', KNOWN).problems).toEqual([
      'u.csv:1: missing column(s) role',
    ]);
    expect(
      parseStaffCsv('username,name,role,phone,badge\nx.y,X,field-agent,+260970000001,7\n', 'u.csv', KNOWN),
    ).toMatchObject({ problems: ['u.csv:1: unknown column(s) badge'] });
    expect(parseStaffCsv(HEADER + 'x.y,"unclosed,field-agent,,,,\n', 'u.csv', KNOWN).problems[0]).toMatch(
      /^u\.csv:\d+: /,
    );
  });
});

describe('importStaff', () => {
  let database: Database;
  let db: AuthDb;
  let config: Config;
  beforeEach(async () => {
    const opened = await openTestDatabase();
    database = opened;
    config = testConfig(opened.location);
    await migrate(database.root, [{ schema: 'auth', migrations: authService.migrations }]);
    db = authDb(database);
  });
  afterEach(async () => {
    await database.close();
  });

  const options: StaffImportOptions = { file: 'users.csv', traceId: 'test', invite: false };
  const load = (csv: string, extra: Partial<StaffImportOptions> = {}) => {
    const { staff, problems } = parseStaffCsv(HEADER + csv, 'users.csv', KNOWN);
    expect(problems).toEqual([]);
    return importStaff(db, config, staff, { ...options, ...extra });
  };
  const AGENT = 'f.agent,Farida Agent,field-agent,OFF-A,,+260970000001,en\n';
  const ADMIN = 'n.admin,Nia Admin,national-sysadmin,,n.admin@example.org,,fr\n';
  const user = (username: string) =>
    db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const invitations = () =>
    db
      .selectFrom('outbox')
      .select(['type', 'subject', 'data'])
      .where('type', '=', 'auth.account-code.requested')
      .execute();

  it('creates new staff with the given password hash, and is idempotent', async () => {
    expect(await load(AGENT + ADMIN, { passwordHash: 'hash' })).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await user('n.admin')).toMatchObject({ role: 'national-sysadmin', office: null, password_hash: 'hash' });
    const audited = await db.selectFrom('audit').select('action').execute();
    expect(await load(AGENT + ADMIN, { passwordHash: 'other' })).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await db.selectFrom('audit').select('action').execute()).toEqual(audited);
    // A re-import never touches a password.
    expect((await user('n.admin')).password_hash).toBe('hash');
  });

  it('leaves users absent from the file as they are: never deleted or deactivated', async () => {
    await load(AGENT + ADMIN);
    expect(await load(AGENT)).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await user('n.admin')).toMatchObject({ active: true, role: 'national-sysadmin' });
  });

  it('sends each new user an invitation when asked to, and none otherwise', async () => {
    await load(AGENT);
    expect(await invitations()).toEqual([]);
    expect((await user('f.agent')).password_hash).toBeNull();

    await load(AGENT + ADMIN, { invite: true });
    const admin = await user('n.admin');
    expect(await invitations()).toEqual([
      {
        type: 'auth.account-code.requested',
        subject: admin.id,
        data: expect.objectContaining({ purpose: 'invitation', channel: 'email', to: 'n.admin@example.org' }),
      },
    ]);
    const codes = await db.selectFrom('password_resets').select(['user_id', 'purpose']).execute();
    expect(codes).toEqual([{ user_id: admin.id, purpose: 'invitation' }]);
  });

  it('audits a role change on re-import and ends that user’s sessions', async () => {
    await load(AGENT + ADMIN);
    const agent = await user('f.agent');
    const sessionId = uuidv7();
    await insertSession(db, { id: sessionId, subjectId: agent.id, kind: 'user', address: null });

    expect(await load(AGENT.replace('field-agent', 'local-registrar') + ADMIN)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 1,
    });
    expect(await user('f.agent')).toMatchObject({ role: 'local-registrar', password_hash: agent.password_hash });
    const session = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(session.revoked_at).toBeInstanceOf(Date);
    const audit = await db
      .selectFrom('audit')
      .select(['action', 'detail', 'request_id'])
      .where('user_id', '=', agent.id)
      .where('action', '!=', 'user.created')
      .execute();
    expect(audit).toEqual([
      {
        action: 'user.role-changed',
        detail: 'by country import: field-agent → local-registrar (users.csv)',
        request_id: 'test',
      },
    ]);
  });

  it('audits an office change as an update that ends sessions; a new name alone keeps them', async () => {
    await load(AGENT);
    const agent = await user('f.agent');
    const sessionId = uuidv7();
    await insertSession(db, { id: sessionId, subjectId: agent.id, kind: 'user', address: null });
    const session = () => db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();

    expect(await load(AGENT.replace('Farida Agent', 'Farida Banda'))).toMatchObject({ updated: 1 });
    expect((await session()).revoked_at).toBeNull();
    expect(await load(AGENT.replace('Farida Agent', 'Farida Banda').replace('OFF-A', 'OFF-B'))).toMatchObject({
      updated: 1,
    });
    expect((await session()).revoked_at).toBeInstanceOf(Date);
    const details = await db
      .selectFrom('audit')
      .select('detail')
      .where('action', '=', 'user.updated')
      .orderBy('id')
      .execute();
    expect(details.map((row) => row.detail)).toEqual([
      'by country import: changed name (users.csv)',
      'by country import: changed office (users.csv)',
    ]);
  });

  it('writes nothing when any user cannot be written', async () => {
    const { staff } = parseStaffCsv(HEADER + AGENT + ADMIN, 'users.csv', KNOWN);
    // Two rows with one username never come out of parseStaffCsv; the database refuses the second.
    await expect(importStaff(db, config, [...staff, staff[0]!], { ...options, invite: true })).rejects.toThrow();
    expect(await db.selectFrom('users').select('username').execute()).toEqual([]);
    expect(await invitations()).toEqual([]);
  });
});
