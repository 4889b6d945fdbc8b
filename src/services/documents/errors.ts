/** Error codes of the documents service. */
import { registerErrorCodes } from '../../core/errors.js';

export const DocumentErrors = registerErrorCodes({
  DOCUMENT_NOT_FOUND: {
    status: 404,
    title: 'No such document',
    description:
      'No document has this id that you may read: only its uploader sees a document until a record refers to it, ' +
      'then whoever may read that record.',
  },
  DOCUMENT_TYPE_REFUSED: {
    status: 415,
    title: 'This kind of file is not accepted',
    description:
      'Supporting documents are PDF, JPEG or PNG files, sent as the raw body with `Content-Type: application/pdf`, ' +
      '`image/jpeg` or `image/png`. The type is checked on the content itself, not only on the header.',
  },
  DOCUMENT_TYPE_MISMATCH: {
    status: 415,
    title: 'The content is not of the type sent',
    description:
      'The file is a PDF, JPEG or PNG, but not the one `Content-Type` names (a PNG sent as application/pdf). ' +
      'Send it again with the type `detail` names.',
  },
  DOCUMENT_EMPTY: {
    status: 400,
    title: 'The document is empty',
    description: 'The request body holds no bytes: send the file itself as the body.',
  },
});
