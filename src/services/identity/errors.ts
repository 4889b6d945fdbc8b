/** Error codes of the identity service. */
import { registerErrorCodes } from '../../core/errors.js';

export const IdentityErrors = registerErrorCodes({
  IDENTITY_NOT_FOUND: {
    status: 404,
    title: 'No such identity',
    description: 'No identity has this UIN (or id). Check the number; `civitas identity check` says if it is valid.',
  },
  IDENTITY_NOT_ACTIVE: {
    status: 409,
    title: 'The identity is deactivated',
    description: 'The identity was deactivated (a registered death): nothing new can be issued for it.',
  },
  IDENTITY_NUMBER_INVALID: {
    status: 400,
    title: 'Not a valid UIN or VID',
    description:
      'The individual id must be a UIN or a VID of the configured lengths, with a correct Verhoeff check digit. ' +
      '`field` names it; `detail` says which rule it breaks.',
  },
  IDENTITY_REVIEW_NOT_FOUND: {
    status: 404,
    title: 'No such enrolment review',
    description: 'No enrolment waits for a decision under this id.',
  },
  IDENTITY_REVIEW_DECIDED: {
    status: 409,
    title: 'The review is decided already',
    description: 'Someone decided this enrolment review before you; its decision stands.',
  },
  IDENTITY_VID_NOT_FOUND: {
    status: 404,
    title: 'No such virtual ID',
    description: 'The identity has no virtual ID with this number.',
  },
  IDENTITY_PARTNER_NOT_FOUND: {
    status: 404,
    title: 'No such partner',
    description: 'No relying party is registered with this id.',
  },
  IDENTITY_PARTNER_REVOKED: {
    status: 409,
    title: 'The partner is revoked',
    description: 'The relying party was revoked: its key cannot be rotated and it cannot verify any more.',
  },
  IDENTITY_PARTNER_UNAUTHENTICATED: {
    status: 401,
    title: 'Partner API key required',
    description:
      'Verification routes are for registered relying parties: send the API key issued at registration as ' +
      '`x-api-key: <key>` or `Authorization: ApiKey <key>`. A wrong, rotated or revoked key is refused alike.',
  },
  IDENTITY_VERIFICATION_NOT_ALLOWED: {
    status: 403,
    title: 'Not allowed by the partner policy',
    description:
      "The relying party's policy does not allow this verification type, match type or attribute. An administrator " +
      'can change the policy.',
  },
  IDENTITY_NO_CONTACT: {
    status: 409,
    title: 'No contact on record',
    description: 'The identity has no phone number or e-mail address on record, so no one-time code can be sent.',
  },
  IDENTITY_OTP_INVALID: {
    status: 403,
    title: 'The one-time code is wrong or expired',
    description:
      'The code does not match, has expired, was used already, or too many attempts were made: ask for a new code ' +
      '(POST .../otp) and have the person read it to you.',
  },
});
