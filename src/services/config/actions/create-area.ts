import { appendEvent } from '../../../core/events/outbox.js';
import { DomainError } from '../../../core/errors.js';
import { AreaCreated } from '../events.js';
import type { Area, NewArea } from '../model.js';
import { findArea, insertAreas, type ConfigDb } from '../repository.js';

/** Adds one administrative area under an existing parent, and publishes `config.area.created` with it. */
export async function createArea(deps: { db: ConfigDb }, input: NewArea, traceId: string): Promise<Area> {
  try {
    return await deps.db.transaction().execute(async (tx) => {
      if (await findArea(tx, input.code)) {
        throw new DomainError('CONFIG_AREA_EXISTS', `An area with code ${input.code} exists already.`, {
          field: 'code',
        });
      }
      if (input.parentCode !== null && !(await findArea(tx, input.parentCode))) {
        throw new DomainError('CONFIG_PARENT_NOT_FOUND', `No area has code ${input.parentCode}.`, {
          field: 'parentCode',
        });
      }
      await insertAreas(tx, [input]);
      await appendEvent(tx, 'config', AreaCreated, { subject: input.code, data: input, traceId });
      return (await findArea(tx, input.code)) as Area;
    });
  } catch (error) {
    // Two requests creating the same code at once: the loser hits the primary key.
    if ((error as { code?: string }).code === '23505') {
      throw new DomainError('CONFIG_AREA_EXISTS', `An area with code ${input.code} exists already.`, { field: 'code' });
    }
    throw error;
  }
}
