/**
 * The duplicate check before a declaration or validation is written: the record's declaration as it will stand is
 * handed to the search service's check (its module API, on the same database); the likely duplicates it finds flag
 * the record in the action itself. The check runs before the action's transaction, so that it never holds the
 * record's lock while searching; the action then refuses a record that changed meanwhile (its version).
 */
import type { ServiceContext } from '../../core/service.js';
import { checkDuplicates, searchDb } from '../search/api.js';
import { mergeData, type DeclarationData, type DuplicateFinding } from './record-state.js';
import { findRecord, stateOf, type RegistryDb, type RegistryTables } from './repository.js';

export type DuplicateChecker = (
  db: RegistryDb,
  recordId: string,
  input: { readonly version: number; readonly data?: DeclarationData | undefined },
) => Promise<DuplicateFinding[] | undefined>;

/** A checker through the search service; undefined answers mean "no check ran" (search is not set up). */
export function duplicateChecker(context: ServiceContext<RegistryTables>): DuplicateChecker {
  const search = searchDb(context.database);
  let warned = false;
  return async (db, recordId, input) => {
    const row = await findRecord(db, recordId);
    // Not there, or changed since the caller read it: the action will say so.
    if (!row || row.version !== input.version) return undefined;
    const state = await stateOf(db, row);
    try {
      const check = await checkDuplicates(search, {
        recordId,
        eventType: row.event_type,
        formVersion: row.form_version,
        data: mergeData(state.data, input.data),
        exclude: state.notDuplicateOf ?? [],
      });
      if (!check.checked) return undefined;
      return check.duplicates.map((found) => ({
        recordId: found.recordId,
        trackingId: found.trackingId,
        probability: Math.round(found.probability * 1000) / 1000,
      }));
    } catch (error) {
      // The search schema does not exist when no node runs the search service: declaring goes on, unchecked.
      if ((error as { code?: string }).code !== '42P01') throw error;
      if (!warned)
        context.log.warn('the search service has no index here: declarations are not checked for duplicates');
      warned = true;
      return undefined;
    }
  };
}
