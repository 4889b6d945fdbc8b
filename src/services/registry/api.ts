/**
 * The registry's public surface for other services and commands: the events it publishes, and the legacy import
 * for `civitas import records`.
 */
export {
  CertificatePrinted,
  RecordArchived,
  RecordCorrected,
  RecordDeclared,
  RecordNotDuplicate,
  RecordRegistered,
  RecordRejected,
  RecordValidated,
  type RecordEventData,
} from './events.js';
export { importLegacyRecords, parseLegacyCsv, type LegacyRecord } from './actions/import-legacy.js';
export { registryDb } from './repository.js';
export { feedSize, recordFeed, type FeedPage, type FeedRecord } from './feed.js';
