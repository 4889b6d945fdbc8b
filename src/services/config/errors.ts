/** Error codes of the config service. */
import { registerErrorCodes } from '../../core/errors.js';

export const ConfigErrors = registerErrorCodes({
  CONFIG_AREA_NOT_FOUND: {
    status: 404,
    title: 'No such area',
    description: 'No administrative area has this code.',
  },
  CONFIG_OFFICE_NOT_FOUND: {
    status: 404,
    title: 'No such office',
    description: 'No registration office has this code.',
  },
  CONFIG_FACILITY_NOT_FOUND: {
    status: 404,
    title: 'No such facility',
    description: 'No health facility has this code.',
  },
  CONFIG_EVENT_TYPE_NOT_FOUND: {
    status: 404,
    title: 'No such event type',
    description: 'No event type has this id, or it has no such version.',
  },
  CONFIG_AREA_EXISTS: {
    status: 409,
    title: 'The area exists already',
    description: 'An administrative area with this code exists; codes are unique.',
  },
  CONFIG_OFFICE_EXISTS: {
    status: 409,
    title: 'The office exists already',
    description: 'A registration office with this code exists; codes are unique.',
  },
  CONFIG_PARENT_NOT_FOUND: {
    status: 422,
    title: 'The parent area does not exist',
    description: '`parentCode` names no known area. Add the parent first.',
  },
  CONFIG_IMPORT_INVALID: {
    status: 422,
    title: 'The country configuration is not valid',
    description: 'A country import found problems; `errors` lists each as file:line: column: what is wrong.',
  },
});
