/**
 * The locations feed: every area, health facility and office a device needs to fill the forms' place fields, sent
 * once and then only what changed. A device keeps the opaque cursor of its last read and asks from there; while a
 * read has more pages, the cursor also holds the position reached, so a read broken off resumes where it stopped.
 *
 * Changes are found by the time their transaction started (see `locationsSafePoint`): a read ends at the time before
 * which everything is visible, and the next read starts there. Some rows come twice (a device keeps the last copy of
 * each); none is missed. Locations are never deleted, so the total tells a device whether its copy is whole.
 */
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import {
  countLocations,
  listChangedLocations,
  locationsSafePoint,
  type ConfigDb,
  type LocationKey,
  type LocationType,
} from './repository.js';

const Iso = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
const LocationTypeSchema = z.enum(['area', 'facility', 'office']);

const CursorState = z
  .object({
    v: z.literal(1),
    /** Changes at or after this time; null: from the beginning. */
    since: Iso.nullable(),
    /** This read's safe point, fixed on its first page; null before it. */
    until: Iso.nullable(),
    /** The last row sent in this read. */
    after: z
      .object({ at: Iso, type: LocationTypeSchema, code: z.string().max(64) })
      .strict()
      .nullable(),
  })
  .strict();
type CursorState = z.infer<typeof CursorState>;

const START: CursorState = { v: 1, since: null, until: null, after: null };

export const Location = z.object({
  type: LocationTypeSchema.describe('area, facility (health facility) or office (registration office)'),
  code: z.string(),
  name: z.string(),
  kind: z.string().nullable().describe('The level of an area (province, district, village) or a facility’s kind'),
  parent: z.string().nullable().describe('An area’s enclosing area, or the area a facility or office is in'),
});
export type Location = z.infer<typeof Location>;

export const LocationPage = z.object({
  items: z.array(Location),
  cursor: z.string().describe('Send it back as `cursor`: for the next page while `more`, else for the next changes'),
  more: z.boolean().describe('More pages of this read follow'),
  total: z
    .number()
    .int()
    .optional()
    .describe('On the last page: how many locations there are in all (a device whose copy holds fewer reads again)'),
});
export type LocationPage = z.infer<typeof LocationPage>;

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(text: string | undefined): CursorState {
  if (text === undefined || text === '') return START;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const state = CursorState.safeParse(parsed);
  if (!state.success) {
    throw new DomainError('VALIDATION_FAILED', 'query.cursor: not a cursor this feed gave; leave it out to read all', {
      field: 'query.cursor',
    });
  }
  return state.data;
}

/**
 * One page of the feed from `cursor` (undefined: everything), at most `limit` locations.
 *
 * @example
 * let page = await readLocationFeed(db, undefined, 5000);          // the first page of everything
 * while (page.more) page = await readLocationFeed(db, page.cursor, 5000);
 * // keep page.cursor; later: readLocationFeed(db, kept, 5000) answers only what changed since
 */
export async function readLocationFeed(db: ConfigDb, cursor: string | undefined, limit: number): Promise<LocationPage> {
  const state = decodeCursor(cursor);
  const until = state.until ?? (await locationsSafePoint(db));
  const rows = await listChangedLocations(db, { since: state.since, after: state.after }, limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const items = page.map(({ type, code, name, kind, parent }) => ({ type, code, name, kind, parent }));
  if (more) {
    const last = page[page.length - 1]!;
    const after: LocationKey = { at: last.at, type: last.type satisfies LocationType, code: last.code };
    return { items, more, cursor: encodeCursor({ ...state, until, after }) };
  }
  return {
    items,
    more,
    cursor: encodeCursor({ v: 1, since: until, until: null, after: null }),
    total: await countLocations(db),
  };
}
