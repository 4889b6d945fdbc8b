/** Error codes of the registry service. */
import { registerErrorCodes } from '../../core/errors.js';

export const RegistryErrors = registerErrorCodes({
  REGISTRY_RECORD_NOT_FOUND: {
    status: 404,
    title: 'No such record',
    description: 'No record has this id or tracking ID, or none within your jurisdiction.',
  },
  REGISTRY_VERSION_CONFLICT: {
    status: 409,
    title: 'The record has changed',
    description:
      'Someone acted on the record since you read it: `detail` gives its version now. Read it again, then retry. Nothing was changed.',
  },
  REGISTRY_WRONG_STATUS: {
    status: 409,
    title: 'Not possible in this status',
    description: 'The action is not allowed in the record’s current status; `detail` says which statuses allow it.',
  },
  REGISTRY_ASSIGNED_TO_OTHER: {
    status: 409,
    title: 'Assigned to someone else',
    description: 'Only the assignee may act on the record; a registrar may unassign them first.',
  },
  REGISTRY_NOT_READY: {
    status: 409,
    title: 'The record is not ready for this',
    description:
      'The declaration is incomplete, flagged as a potential duplicate, waits for an approval, or has a correction pending: `detail` says which.',
  },
  REGISTRY_EVENT_TYPE_UNKNOWN: {
    status: 400,
    title: 'No such event type',
    description: 'The country configuration defines no life event of this name.',
  },
  REGISTRY_NO_CERTIFICATE: {
    status: 409,
    title: 'No certificate for this event type',
    description:
      'The event type’s configuration defines no certificate (`certificate:` with a template and fields), so none can be printed. Nothing was recorded.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'Idempotency-Key reused for another request',
    description:
      'This Idempotency-Key was first used with a different request; a retry must send the same method, path and body.',
  },
});
