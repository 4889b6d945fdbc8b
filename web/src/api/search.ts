/** Finding records: the quick search (one box) and the advanced search (criteria). */
import { json, type Api } from './http';
import type { RecordStatus } from './types';

export interface SearchHit {
  readonly recordId: string;
  readonly trackingId: string;
  readonly eventType: string;
  readonly status: RecordStatus;
  readonly registrationNumber: string | null;
  readonly area: string | null;
  readonly office: string | null;
  readonly eventDate: string | null;
  readonly registeredAt: string | null;
  readonly flags: readonly string[];
  readonly score: number | null;
  /** Who the record names, by role (form section): { child: 'Ada Mwale' }. */
  readonly names: Readonly<Record<string, string>>;
}

export interface SearchResults {
  /** How many records match; "or more" when totalIsLowerBound (the server counts to 1,000). */
  readonly total: number;
  /** Absent from servers before the count was capped. */
  readonly totalIsLowerBound?: boolean;
  readonly items: readonly SearchHit[];
}

export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

export interface NameCriterion {
  readonly role: string;
  readonly name: string;
}

export interface AdvancedCriteria {
  readonly eventType?: string;
  readonly status?: readonly string[];
  readonly names?: readonly NameCriterion[];
  readonly eventDate?: DateRange;
  readonly registeredAt?: DateRange;
  readonly declaredAt?: DateRange;
  readonly area?: string;
  readonly office?: string;
  readonly potentialDuplicate?: boolean;
}

export const quickSearch = (api: Api, q: string, limit = 20, offset = 0) =>
  json<SearchResults>(api(`/search?${new URLSearchParams({ q, limit: String(limit), offset: String(offset) })}`));

export const advancedSearch = (api: Api, criteria: AdvancedCriteria, limit = 20, offset = 0) =>
  json<SearchResults>(api('/search/records', { body: { ...criteria, limit, offset } }));
