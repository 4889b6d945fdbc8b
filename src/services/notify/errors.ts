/** Error codes of the notify service. */
import { registerErrorCodes } from '../../core/errors.js';

export const NotifyErrors = registerErrorCodes({
  NOTIFY_TEMPLATE_NOT_FOUND: {
    status: 422,
    title: 'No such message template',
    description: 'The template does not exist, or has no text for this channel.',
  },
  NOTIFY_MESSAGE_NOT_FOUND: {
    status: 404,
    title: 'No such message',
    description: 'No notification has this id.',
  },
});
