/**
 * What registration offices and health facilities have in common: each is a site, a row of a country file that lies
 * in one area. A site is published with its area path, and published again whenever that path changes, also when the
 * change comes from an area above it moving: other services keep their copy of the sites from these events alone.
 * One implementation for both kinds keeps their imports alike: every row checked first, every problem reported,
 * nothing written unless all is valid, and a second import of the same file changes nothing.
 */
import type { EventDefinition } from '../../core/events/envelope.js';
import { appendEvents } from '../../core/events/outbox.js';
import { CountryImportError, type ImportCounts } from './import-result.js';
import { allAreas, type ConfigDb } from './repository.js';

/** A row of a country file that lies in one area. */
export interface Site {
  readonly code: string;
  readonly areaCode: string;
}

/** A stored site: with its area's code, then each enclosing area's code up to the top. */
export interface StoredSite extends Site {
  readonly areaPath: readonly string[];
}

/** How one kind of site is stored and published. */
export interface SiteKind<New extends Site, Stored extends New & StoredSite, Data, Field extends keyof New & string> {
  /** The fields a file sets besides the code: a change in any one updates the site, named in this order. */
  readonly fields: readonly Field[];
  /** Every stored site, with its area path, by code. */
  readonly all: (tx: ConfigDb) => Promise<ReadonlyMap<string, Stored>>;
  readonly insert: (tx: ConfigDb, sites: readonly New[]) => Promise<void>;
  readonly update: (tx: ConfigDb, site: New) => Promise<void>;
  readonly created: EventDefinition<string, Data>;
  readonly updated: EventDefinition<string, Data & { changed: Array<Field | 'areaPath'> }>;
  /** The data of both events (without `changed`). */
  readonly data: (site: Stored) => Data;
}

export interface SiteImportOptions {
  readonly file: string;
  readonly traceId: string;
  /** The line of each site in the file, by code, to name it in problems. */
  readonly lineOf?: ReadonlyMap<string, number> | undefined;
}

/** The sites whose area is not among `areaCodes` (the stored areas and those of the same import). */
export function findUnknownAreas(
  sites: readonly Site[],
  areaCodes: ReadonlySet<string>,
  options: Pick<SiteImportOptions, 'file' | 'lineOf'>,
): string[] {
  return sites
    .filter((site) => !areaCodes.has(site.areaCode))
    .map((site) => {
      const line = options.lineOf?.get(site.code);
      const where = line === undefined ? options.file : `${options.file}:${line}`;
      return `${where}: area_code: ${site.code} names unknown area ${site.areaCode}`;
    });
}

/**
 * Writes `sites` in the caller's transaction (after the areas of the same import) and publishes every site that is
 * new or differs from `before`, the sites as they were before this import changed any area. Sites not in `sites`
 * stay, and are published again if their area path changed. Throws CountryImportError on an unknown area.
 */
export async function applySites<
  New extends Site,
  Stored extends New & StoredSite,
  Data,
  Field extends keyof New & string,
>(
  tx: ConfigDb,
  kind: SiteKind<New, Stored, Data, Field>,
  sites: readonly New[],
  before: ReadonlyMap<string, Stored>,
  options: SiteImportOptions,
): Promise<ImportCounts> {
  const areaCodes = new Set((await allAreas(tx)).map((area) => area.code));
  const problems = findUnknownAreas(sites, areaCodes, options);
  if (problems.length > 0) throw new CountryImportError(problems);

  const created = sites.filter((site) => !before.has(site.code));
  const edited = sites.filter((site) => {
    const previous: New | undefined = before.get(site.code);
    return previous !== undefined && kind.fields.some((field) => previous[field] !== site[field]);
  });
  for (let start = 0; start < created.length; start += 1000) {
    await kind.insert(tx, created.slice(start, start + 1000));
  }
  for (const site of edited) await kind.update(tx, site);

  // Paths are read back after every write, so they include the areas this import moved.
  const after = await kind.all(tx);
  const updated: Array<{ site: Stored; changed: Array<Field | 'areaPath'> }> = [];
  for (const site of after.values()) {
    const previous = before.get(site.code);
    const changed = previous ? changesOf(kind.fields, previous, site) : [];
    if (changed.length > 0) updated.push({ site, changed });
  }
  const trace = { traceId: options.traceId };
  await appendEvents(
    tx,
    'config',
    kind.created,
    created.map((site) => ({ subject: site.code, data: kind.data(after.get(site.code)!), ...trace })),
  );
  await appendEvents(
    tx,
    'config',
    kind.updated,
    updated.map(({ site, changed }) => ({ subject: site.code, data: { ...kind.data(site), changed }, ...trace })),
  );
  const updatedCodes = new Set(updated.map(({ site }) => site.code));
  return {
    created: created.length,
    updated: updated.length,
    unchanged: sites.filter((site) => before.has(site.code) && !updatedCodes.has(site.code)).length,
  };
}

function changesOf<Field extends string>(
  fields: readonly Field[],
  previous: Readonly<Record<Field, unknown>> & StoredSite,
  site: Readonly<Record<Field, unknown>> & StoredSite,
): Array<Field | 'areaPath'> {
  const changed: Array<Field | 'areaPath'> = fields.filter((field) => previous[field] !== site[field]);
  const path = site.areaPath;
  if (previous.areaPath.length !== path.length || previous.areaPath.some((code, index) => code !== path[index])) {
    changed.push('areaPath');
  }
  return changed;
}
