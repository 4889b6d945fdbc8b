/**
 * Roles from the country configuration (`roles.csv`): the file is checked in full first, every problem reported as
 * `file:line: column: what is wrong`, then its roles are created or brought up to date in one transaction. Run by
 * `civitas config import`, and by the seed with the seed country's roles.
 */
import { readCsv } from '../../../core/csv.js';
import { parseScope } from '../../../core/http/scopes.js';
import { audit, type AuthDb } from '../repository.js';
import { forgetRoles, rolesInForce, type RoleDefinition } from '../role-book.js';
import { listRoles, saveRole, usersWithRole } from '../roles-repository.js';
import { revokeSessions } from '../sessions-repository.js';

const LABEL_COLUMN = /^label_([a-z]{2})$/;
// Roles are named in scope conditions (`user.create[role=field-agent|registration-agent]`): keep them to what a
// condition value may hold.
const ROLE_NAME = /^[a-z][a-z0-9-]{1,62}$/;

export interface ParsedRoles {
  /** The valid rows, in file order; import them only when there are no problems. */
  readonly roles: RoleDefinition[];
  readonly problems: string[];
}

export interface RoleCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface RoleImportOptions {
  /** The file the roles came from, named in the audit trail. */
  readonly file: string;
  readonly traceId: string;
}

/**
 * Parses roles.csv (`role,label_en,label_fr,scopes`: one `label_<language>` column per language the country uses,
 * scopes separated by spaces) and checks every row: a role name usable in scope conditions, each role once, a label
 * in every language, and each scope well formed (core/http/scopes.ts).
 *
 * @example
 * const { roles, problems } = parseRolesCsv(
 *   'role,label_en,label_fr,scopes\narchivist,Archivist,Archiviste,config.read record.read\n',
 *   'roles.csv',
 * );
 * // roles: [{ name: 'archivist', label: { en: 'Archivist', fr: 'Archiviste' }, scopes: ['config.read', 'record.read'] }]
 */
export function parseRolesCsv(text: string, file: string): ParsedRoles {
  const read = readCsv(text, file);
  if (!read.ok) return { roles: [], problems: [read.problem] };
  const { header, records } = read;
  const labelColumns = header.filter((column) => LABEL_COLUMN.test(column));
  const missing = [
    ...['role', 'scopes'].filter((column) => !header.includes(column)),
    ...(labelColumns.length === 0 ? ['label_<language> (one per language, e.g. label_en)'] : []),
  ];
  if (header.length > 0 && missing.length > 0) {
    return { roles: [], problems: [`${file}:1: missing column(s) ${missing.join(', ')}`] };
  }
  const unknown = [...new Set(header.filter((column) => !['role', 'scopes', ...labelColumns].includes(column)))];
  const problems = unknown.length > 0 ? [`${file}:1: unknown column(s) ${unknown.join(', ')}`] : [];

  const roles: RoleDefinition[] = [];
  const lineOf = new Map<string, number>();
  for (const { record, line } of records) {
    const name = record.role ?? '';
    const rowProblems = nameProblems(name, lineOf.get(name));
    if (name && !lineOf.has(name)) lineOf.set(name, line);
    const label: Record<string, string> = {};
    for (const column of labelColumns) {
      if (record[column]) label[LABEL_COLUMN.exec(column)![1]!] = record[column];
      else rowProblems.push(`${column}: is required`);
    }
    const scopes = (record.scopes ?? '').split(/\s+/).filter(Boolean);
    rowProblems.push(...scopeProblems(scopes));
    if (rowProblems.length > 0) problems.push(...rowProblems.map((problem) => `${file}:${line}: ${problem}`));
    else roles.push({ name, label, scopes });
  }
  return { roles, problems };
}

function nameProblems(name: string, earlier: number | undefined): string[] {
  if (!name) return ['role: is required'];
  if (!ROLE_NAME.test(name)) return [`role: ${name} is not a role name: use lower-case letters, digits and -`];
  if (earlier !== undefined) return [`role: ${name} is already on line ${earlier}`];
  return [];
}

function scopeProblems(scopes: readonly string[]): string[] {
  if (scopes.length === 0) return ['scopes: is required (space-separated, e.g. config.read record.read)'];
  const problems: string[] = [];
  for (const [index, scope] of scopes.entries()) {
    try {
      parseScope(scope);
    } catch (error) {
      problems.push(`scopes: ${(error as Error).message}`);
    }
    if (scopes.indexOf(scope) !== index) problems.push(`scopes: ${scope} is listed twice`);
  }
  return problems;
}

/**
 * Creates the roles that are not stored yet and brings the others up to date, in one transaction. Roles absent from
 * the file are kept: a user may still hold one, and removing what someone may do is an administrator's decision
 * (move the users to another role first). The first import replaces the built-in roles (roles.ts) as a whole: list
 * every role the country uses.
 *
 * A changed scope list changes what every user of the role may do: it is audited (`role.changed`, with the scopes
 * added and removed) and ends those users' sessions, so their next token carries the new scopes. The roles apply at
 * once in this process; other nodes read them again within 10 s.
 *
 * @example
 * const counts = await importRoles(db, roles, { file: 'roles.csv', traceId: 'cli-import' });
 * // { created: 8, updated: 0, unchanged: 0 }
 */
export async function importRoles(
  db: AuthDb,
  roles: readonly RoleDefinition[],
  options: RoleImportOptions,
): Promise<RoleCounts> {
  const counts = await db.transaction().execute(async (tx) => {
    const stored = await listRoles(tx);
    const storedNames = new Set(stored.map((role) => role.name));
    // Against the roles in force: the first import compares the country's roles with the built-in ones.
    const before = rolesInForce(stored);
    let created = 0;
    let updated = 0;
    for (const role of roles) {
      const previous = before.get(role.name);
      const added = previous ? role.scopes.filter((scope) => !previous.scopes.includes(scope)) : [];
      const removed = previous ? previous.scopes.filter((scope) => !role.scopes.includes(scope)) : [];
      if (!storedNames.has(role.name)) created++;
      else if (added.length > 0 || removed.length > 0 || !sameLabels(previous!.label, role.label)) updated++;
      else continue;
      await saveRole(tx, role);
      if (added.length > 0 || removed.length > 0) await scopesChanged(tx, role.name, added, removed, options);
    }
    return { created, updated, unchanged: roles.length - created - updated };
  });
  forgetRoles();
  return counts;
}

async function scopesChanged(
  tx: AuthDb,
  role: string,
  added: readonly string[],
  removed: readonly string[],
  options: RoleImportOptions,
): Promise<void> {
  let ended = 0;
  for (const userId of await usersWithRole(tx, role)) {
    ended += (await revokeSessions(tx, { subjectId: userId }, `scopes of role ${role} changed by country import`))
      .length;
  }
  const changes = [
    ...(added.length > 0 ? [`added ${added.join(' ')}`] : []),
    ...(removed.length > 0 ? [`removed ${removed.join(' ')}`] : []),
  ];
  await audit(tx, {
    action: 'role.changed',
    user_id: null,
    username: null,
    address: null,
    request_id: options.traceId,
    detail: `by country import: ${role}: ${changes.join('; ')}; ${ended} session(s) ended (${options.file})`,
  });
}

const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([language, text]) => b[language] === text);
