/** What the page and the locations worker say to each other. */
import type { LocationType } from './location-index';

export type WorkerRequest = { readonly id: number } &
  /** Where the kept copy stands, before its places are read. */
  (
    | { readonly op: 'state' }
    /** Reads the kept places and indexes them (once); answers where the copy stands. */
    | { readonly op: 'open' }
    /** A page of GET /locations, its bytes as received; `fromStart`: the first page of a read without a cursor. */
    | { readonly op: 'apply'; readonly body: ArrayBuffer; readonly fromStart: boolean }
    | {
        readonly op: 'search';
        readonly query: string;
        readonly types?: readonly LocationType[];
        readonly limit: number;
      }
    /** Places by `type:code`. */
    | { readonly op: 'find'; readonly keys: readonly string[] }
  );

export type WorkerAnswer =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Where the device's copy stands. */
export interface FeedSummary {
  readonly count: number;
  readonly cursor: string | null;
  readonly total: number | null;
  /** A read from the beginning was under way and goes on from `cursor`. */
  readonly fullRead: boolean;
  /** apply: more pages of this read follow. */
  readonly more: boolean;
  /** The worker's time spent reading and indexing places so far (ms). */
  readonly workMs: number;
}
