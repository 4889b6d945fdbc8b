/**
 * The advanced search: records of an event type and statuses, people's names by role (fuzzy, as in the quick
 * search, but only in that role and, when asked, that part), date ranges, an area, an office and flags.
 *
 * @example
 * await advancedSearch(db, caller, {
 *   eventType: 'birth', statuses: ['REGISTERED'], names: [{ role: 'mother', name: 'Grace Mwale' }],
 *   eventDate: { from: '2024-01-01', to: '2024-12-31' }, sort: 'relevance', limit: 20, offset: 0,
 * });
 */
import type { Caller } from '../../../core/http/scopes.js';
import { nameTokens } from '../indexing/names.js';
import type { SearchDb } from '../repository.js';
import { expandNames } from './name-expansions.js';
import { matchingRecords, type AreaBounds, type NameGroup, type NameSlot } from './name-match.js';
import { resultPage, type RecordFilters, type SearchPage, type SortOrder } from './result-page.js';
import { rarestPairFirst } from './slot-order.js';

export interface NameCriterion {
  /** The form section the person is in: child, mother, father, informant, deceased, spouse... */
  readonly role: string;
  /** Any of the person's names, in any order. */
  readonly name?: string;
  readonly given?: string;
  readonly family?: string;
}

export interface AdvancedSearchInput extends RecordFilters {
  readonly names?: readonly NameCriterion[];
  readonly sort: SortOrder;
  readonly limit: number;
  readonly offset: number;
}

/** Names per role beyond this are ignored, as in the quick search. */
const MOST_TOKENS_PER_PART = 5;

export async function advancedSearch(db: SearchDb, caller: Caller, input: AdvancedSearchInput): Promise<SearchPage> {
  const { names = [], sort, limit, offset, ...filters } = input;
  const wanted = names.map((criterion) => ({
    role: criterion.role,
    slots: [
      ...tokensOf(criterion.name).map((token) => ({ token, part: undefined })),
      ...tokensOf(criterion.given).map((token) => ({ token, part: 'given' as const })),
      ...tokensOf(criterion.family).map((token) => ({ token, part: 'family' as const })),
    ],
  }));
  const tokens = [...new Set(wanted.flatMap((criterion) => criterion.slots.map((slot) => slot.token)))];
  const expansions = new Map((await expandNames(db, tokens)).map((expansion) => [expansion.token, expansion]));
  const groups: NameGroup[] = await Promise.all(
    wanted
      .filter((criterion) => criterion.slots.length > 0)
      .map((criterion) =>
        rarestPairFirst(db, {
          role: criterion.role,
          slots: criterion.slots.map((slot): NameSlot => ({
            expansion: expansions.get(slot.token)!,
            ...(slot.part ? { part: slot.part } : {}),
          })),
        }),
      ),
  );
  return resultPage(db, {
    caller,
    filters,
    sort,
    limit,
    offset,
    ...(groups.length > 0 ? { names: (within: AreaBounds) => matchingRecords(groups, within) } : {}),
  });
}

function tokensOf(value: string | undefined): string[] {
  return [...new Set(nameTokens(value))].slice(0, MOST_TOKENS_PER_PART);
}
