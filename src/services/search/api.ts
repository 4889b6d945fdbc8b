/** The search service's public surface for commands and other services. */
export { REINDEX_CONNECTIONS, reindex, type ReindexOptions, type ReindexResult } from './reindex.js';
export { searchDb } from './repository.js';
export {
  checkDuplicates,
  type DuplicateCandidate,
  type DuplicateCheck,
  type DuplicateCheckInput,
} from './duplicates/check.js';
export { MIN_RECORDS } from './duplicates/models.js';
export { refitModels } from './duplicates/refit.js';
