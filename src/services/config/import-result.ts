/**
 * What a country import answers: how many rows of each file it created, updated or left (or event types it published
 * or left), or every problem found.
 */

export interface ImportCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** What an import of versioned configuration did: a version is published once and never updated. */
export interface PublishCounts {
  readonly published: number;
  readonly unchanged: number;
}

export interface ImportSummary {
  readonly areas: ImportCounts;
  /**
   * `updated` also counts offices not in offices.csv (or with no offices.csv) whose area path changed because an
   * area above them moved.
   */
  readonly offices: ImportCounts;
  /** As `offices`, for facilities.csv. */
  readonly facilities: ImportCounts;
  /** The definitions of events/*.yaml: each new (id, version) is published; a stored one is unchanged. */
  readonly eventTypes: PublishCounts;
}

/**
 * A country folder has problems; nothing of it was written. Each problem reads `file:line: column: what is wrong`
 * (`file:line: path: what is wrong` in an event type's file).
 */
export class CountryImportError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} problem(s) in the country configuration:\n${problems.join('\n')}`);
  }
}

/** The earlier name of CountryImportError, from when a country was its areas only. */
export { CountryImportError as AreaImportError };
