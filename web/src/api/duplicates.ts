/** The side-by-side comparison of a record flagged as a potential duplicate (search service). */
import { json, type Api } from './http';

export interface ComparedField {
  /** section.field */
  readonly field: string;
  readonly method: string;
  /** How the two values agree: exact, jw>=0.92, year 1-3 off, different, missing, ... */
  readonly level: string;
  /** log2 of the evidence for "the same person" (negative: against). */
  readonly weight: number;
  /** A value relatives share (it cannot tell a duplicate from a sibling). */
  readonly family: boolean;
  /** This record's value, then the candidate's. */
  readonly values: readonly [unknown, unknown];
}

export interface DuplicateCandidate {
  readonly recordId: string;
  readonly trackingId: string;
  readonly status: string;
  readonly registrationNumber: string | null;
  readonly probability: number;
  readonly likelyDuplicate: boolean;
  readonly likelyRelatives: boolean;
  readonly fields: readonly ComparedField[];
}

export interface DuplicateComparison {
  readonly recordId: string;
  readonly trackingId: string;
  readonly status: string;
  readonly threshold: number;
  readonly candidates: readonly DuplicateCandidate[];
}

export const compareDuplicates = (api: Api, recordId: string) =>
  json<DuplicateComparison>(api(`/search/duplicates/${recordId}`));
