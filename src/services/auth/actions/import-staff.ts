/**
 * Staff from the country configuration (`users.csv`): the file is checked in full first, every problem reported as
 * `file:line: column: what is wrong`, then its users are created or brought up to date in one transaction. Run by
 * `civitas config import` in every mode, and by the development seed with the demo password.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../../../core/csv.js';
import type { Config } from '../../../config/schema.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { sendAccountCode } from '../account-codes.js';
import { NewUser } from '../model.js';
import {
  audit,
  insertUsers,
  listUsers,
  updateUser,
  type AuditAction,
  type AuthDb,
  type UserRow,
} from '../repository.js';
import { revokeSessions } from '../sessions-repository.js';

const REQUIRED_COLUMNS = ['username', 'name', 'role'] as const;
const OPTIONAL_COLUMNS = ['office', 'email', 'phone', 'language'] as const;
const COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
/** What the file sets of a user, and so what a re-import compares. */
const FIELDS = ['name', 'role', 'office', 'email', 'phone', 'language'] as const;

export interface ParsedStaff {
  /** The valid rows, in file order; import them only when there are no problems. */
  readonly staff: NewUser[];
  readonly problems: string[];
}

/** What a row may name: the offices and the roles there will be once the country's files are imported. */
export interface KnownNames {
  readonly offices: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
}

export interface StaffCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface StaffImportOptions {
  /** The file the staff came from, named in the audit trail. */
  readonly file: string;
  readonly traceId: string;
  /** Send each new user a code to choose their password (outside development mode). */
  readonly invite: boolean;
  /** The password hash of new users (the demo password); without it they have none until they choose one. */
  readonly passwordHash?: string;
}

/**
 * Parses users.csv (`username,name,role,office,email,phone,language`; office, email, phone and language may be empty
 * or left out) and checks every row: a role and an office (or none: national staff) that `known` lists, a phone in
 * international form or an e-mail address (at least one of them, for sign-in codes), each username once.
 *
 * @example
 * const { staff, problems } = parseStaffCsv(
 *   'username,name,role,office,phone\nf.agent,Farida Agent,field-agent,OFF-IBO,+260970000001\n',
 *   'users.csv',
 *   { offices: new Set(['OFF-IBO']), roles: new Set(['field-agent']) },
 * );
 * // staff: [{ username: 'f.agent', ..., office: 'OFF-IBO', email: null, language: 'en' }], problems: []
 */
export function parseStaffCsv(text: string, file: string, known: KnownNames): ParsedStaff {
  const read = readCsv(text, file);
  if (!read.ok) return { staff: [], problems: [read.problem] };
  const { header, records } = read;
  const missing = header.length === 0 ? [] : REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) return { staff: [], problems: [`${file}:1: missing column(s) ${missing.join(', ')}`] };
  const unknown = [...new Set(header.filter((column) => !COLUMNS.includes(column)))];
  const problems = unknown.length > 0 ? [`${file}:1: unknown column(s) ${unknown.join(', ')}`] : [];

  const staff: NewUser[] = [];
  const lineOf = new Map<string, number>();
  for (const { record, line } of records) {
    const rowProblems = rowProblemsOf(record, known);
    const username = record.username ?? '';
    const earlier = lineOf.get(username);
    if (earlier !== undefined) rowProblems.push(`username: ${username} is already on line ${earlier}`);
    else if (username) lineOf.set(username, line);
    const parsed = NewUser.safeParse(rowOf(record));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // rowProblemsOf checks the role against the known roles, with a clearer message than the schema's.
        if (issue.path[0] !== 'role') rowProblems.push(`${String(issue.path[0] ?? '')}: ${issue.message}`);
      }
    }
    if (rowProblems.length > 0)
      problems.push(...rowProblems.sort(byColumn).map((problem) => `${file}:${line}: ${problem}`));
    else if (parsed.success) staff.push(parsed.data);
  }
  return { staff, problems };
}

/** What the schema does not check: the role and the office against what exists, and a way to send codes. */
function rowProblemsOf(record: Record<string, string>, known: KnownNames): string[] {
  const problems: string[] = [];
  const { role, office, phone, email } = record;
  if (!role) problems.push('role: is required');
  else if (!known.roles.has(role))
    problems.push(`role: no role is named ${role}; use one of ${[...known.roles].join(', ')}`);
  if (office && !known.offices.has(office)) problems.push(`office: no office has the code ${office}`);
  if (!phone && !email) problems.push('phone: a phone number or an e-mail address is needed for sign-in codes');
  return problems;
}

/** A row as NewUser reads it: a missing required value as '' (the schema names it), an empty optional one as null. */
function rowOf(record: Record<string, string>): Record<string, string | null | undefined> {
  return {
    username: record.username ?? '',
    name: record.name ?? '',
    role: record.role ?? '',
    office: record.office || null,
    email: record.email || null,
    phone: record.phone || null,
    language: record.language || undefined,
  };
}

/** A row's problems in the order of the file's columns. */
const byColumn = (a: string, b: string) => COLUMNS.indexOf(a.split(':')[0]!) - COLUMNS.indexOf(b.split(':')[0]!);

/**
 * Creates the staff that do not exist yet and brings the others up to date, in one transaction. Users absent from
 * the file are left as they are: the file is the country's starting list, not the register of who may sign in, and
 * deactivating a user is an administrator's decision (a missing line must never lock a registrar out). Passwords,
 * authenticator apps and the active flag of existing users are never touched.
 *
 * A changed role or office changes what the user may do: it is audited and ends the user's sessions (every node
 * reads revoked sessions again within seconds).
 *
 * @example
 * const counts = await importStaff(db, config, staff, { file: 'users.csv', traceId: 'cli-import', invite: true });
 * // { created: 7, updated: 0, unchanged: 0 }: each new user is sent an invitation to choose their password
 */
export async function importStaff(
  db: AuthDb,
  config: Config,
  staff: readonly NewUser[],
  options: StaffImportOptions,
): Promise<StaffCounts> {
  return db.transaction().execute(async (tx) => {
    const existing = new Map((await listUsers(tx, {})).map((user) => [user.username, user]));
    let created = 0;
    let updated = 0;
    for (const member of staff) {
      const before = existing.get(member.username);
      if (!before) {
        await createMember(tx, config, member, options);
        created++;
      } else if (await updateMember(tx, before, member, options)) updated++;
    }
    return { created, updated, unchanged: staff.length - created - updated };
  });
}

async function createMember(tx: AuthDb, config: Config, member: NewUser, options: StaffImportOptions) {
  const user = { id: uuidv7(), ...member, password_hash: options.passwordHash ?? null };
  await insertUsers(tx, [user]);
  await record(tx, options, 'user.created', user, `role ${user.role}, office ${user.office ?? '(national)'}`);
  if (options.invite) await sendAccountCode(tx, config, user, 'invitation', options.traceId);
}

/** Applies what the file changes of an existing user; answers whether anything changed. */
async function updateMember(tx: AuthDb, before: UserRow, member: NewUser, options: StaffImportOptions) {
  const changed = FIELDS.filter((field) => member[field] !== before[field]);
  if (changed.length === 0) return false;
  await updateUser(tx, before.id, Object.fromEntries(changed.map((field) => [field, member[field]])));
  if (changed.includes('role'))
    await record(tx, options, 'user.role-changed', before, `${before.role} → ${member.role}`);
  const others = changed.filter((field) => field !== 'role');
  if (others.length > 0) await record(tx, options, 'user.updated', before, `changed ${others.join(', ')}`);
  if (changed.includes('role') || changed.includes('office')) {
    const what = changed.includes('role') ? 'role' : 'office';
    await revokeSessions(tx, { subjectId: before.id }, `${what} changed by country import`);
  }
  return true;
}

async function record(
  tx: AuthDb,
  options: StaffImportOptions,
  action: AuditAction,
  user: Pick<UserRow, 'id' | 'username'>,
  detail: string,
): Promise<void> {
  await audit(tx, {
    action,
    user_id: user.id,
    username: user.username,
    address: null,
    request_id: options.traceId,
    detail: `by country import: ${detail} (${options.file})`,
  });
}

/**
 * The office codes a country folder's offices.csv lists (none without one). Staff may name them before the config
 * service has imported them: the country's files are checked together. Problems of offices.csv itself are the
 * config import's to report.
 */
export function officeCodesInFolder(folder: string): string[] {
  const file = join(folder, 'offices.csv');
  if (!existsSync(file)) return [];
  const read = readCsv(readFileSync(file, 'utf8'), file);
  return read.ok ? read.records.flatMap(({ record }) => (record.code ? [record.code] : [])) : [];
}
