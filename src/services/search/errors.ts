/** Error codes of the search service. */
import { registerErrorCodes } from '../../core/errors.js';

export const SearchErrors = registerErrorCodes({
  SEARCH_RECORD_NOT_FOUND: {
    status: 404,
    title: 'No such record in the index',
    description:
      'The index holds no record with this id that you may read: it is outside your jurisdiction, or the registry ' +
      'event that declares it has not reached the search service yet (retry in a moment).',
  },
});
