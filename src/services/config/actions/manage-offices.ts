/**
 * Registration offices as administrators manage them through the API (a country import does the same in bulk): add
 * one, rename it or move it to another area. Each change is published (`config.office.created` / `.updated`, with
 * the office's area path) in the same transaction, so the auth and registry services follow at once. A scope with
 * `area=my-jurisdiction` (a local administrator) allows offices in the caller's area only, before and after a move.
 */
import { DomainError } from '../../../core/errors.js';
import { appendEvent } from '../../../core/events/outbox.js';
import { demand, type Caller } from '../../../core/http/scopes.js';
import { OfficeCreated, OfficeUpdated } from '../events.js';
import type { NewOffice, Office } from '../model.js';
import { findArea, findOffice, insertOffices, updateOffice, type ConfigDb } from '../repository.js';

/** The scope both actions need; its `area` condition is checked against the office's area path. */
export const MANAGE_OFFICES = 'config.office.manage';

export interface OfficeChanges {
  readonly name?: string | undefined;
  readonly areaCode?: string | undefined;
}

const exists = (code: string) =>
  new DomainError('CONFIG_OFFICE_EXISTS', `An office with code ${code} exists already.`, { field: 'code' });

async function checkArea(tx: ConfigDb, code: string): Promise<void> {
  if (!(await findArea(tx, code))) {
    throw new DomainError('VALIDATION_FAILED', `areaCode: no area has the code ${code}`, { field: 'areaCode' });
  }
}

function allowed(caller: Caller, office: Office): void {
  demand(caller, MANAGE_OFFICES, { area: office.areaPath }, `offices of area ${office.areaCode}`);
}

/** Adds an office in an existing area and publishes it. */
export async function createOffice(
  deps: { db: ConfigDb },
  caller: Caller,
  input: NewOffice,
  traceId: string,
): Promise<Office> {
  try {
    return await deps.db.transaction().execute(async (tx) => {
      if (await findOffice(tx, input.code)) throw exists(input.code);
      await checkArea(tx, input.areaCode);
      await insertOffices(tx, [input]);
      const office = (await findOffice(tx, input.code))!;
      // Checked on the stored office, whose area path the database computed; a refusal rolls the insert back.
      allowed(caller, office);
      await appendEvent(tx, 'config', OfficeCreated, { subject: office.code, data: eventData(office), traceId });
      return office;
    });
  } catch (error) {
    // Two requests creating the same code at once: the loser hits the primary key.
    if ((error as { code?: string }).code === '23505') throw exists(input.code);
    throw error;
  }
}

/** Renames an office or moves it to another area; publishes what changed (nothing changed: nothing published). */
export async function changeOffice(
  deps: { db: ConfigDb },
  caller: Caller,
  code: string,
  changes: OfficeChanges,
  traceId: string,
): Promise<Office> {
  return deps.db.transaction().execute(async (tx) => {
    const before = await findOffice(tx, code);
    if (!before) throw new DomainError('CONFIG_OFFICE_NOT_FOUND', `No office has code ${code}.`, { field: 'code' });
    allowed(caller, before);
    const next = { code, name: changes.name ?? before.name, areaCode: changes.areaCode ?? before.areaCode };
    if (next.areaCode !== before.areaCode) await checkArea(tx, next.areaCode);
    if (next.name === before.name && next.areaCode === before.areaCode) return before;
    await updateOffice(tx, next);
    const after = (await findOffice(tx, code))!;
    allowed(caller, after);
    const changed = [
      ...(after.name !== before.name ? (['name'] as const) : []),
      ...(after.areaCode !== before.areaCode ? (['areaCode', 'areaPath'] as const) : []),
    ];
    await appendEvent(tx, 'config', OfficeUpdated, {
      subject: code,
      data: { ...eventData(after), changed },
      traceId,
    });
    return after;
  });
}

const eventData = (office: Office) => ({
  code: office.code,
  name: office.name,
  areaCode: office.areaCode,
  areaPath: office.areaPath,
});
