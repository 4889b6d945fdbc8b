/** Error codes of the auth service. */
import { registerErrorCodes } from '../../core/errors.js';

export const AuthErrors = registerErrorCodes({
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    title: 'Wrong username or password',
    description:
      'The same answer, after the same work, for a wrong password, an unknown user, an inactive account and an account locked after five failures in a row (locked 1 minute, doubling up to 1 hour).',
  },
  AUTH_CHALLENGE_INVALID: {
    status: 401,
    title: 'The sign-in has expired',
    description: 'The sign-in code expired, was used already, or was tried too often: sign in again.',
  },
  AUTH_CODE_WRONG: {
    status: 401,
    title: 'Wrong sign-in code',
    description: 'The code does not match; `detail` says how many tries are left.',
  },
  AUTH_REFRESH_INVALID: {
    status: 401,
    title: 'The session has ended',
    description:
      'The refresh token expired, was revoked (signed out, account changed) or was used before: a reused refresh token ends its whole session. Sign in again.',
  },
  USER_NOT_FOUND: {
    status: 404,
    title: 'No such user',
    description: 'No user has this id, or none that your scopes let you see.',
  },
  USER_EXISTS: {
    status: 409,
    title: 'The username is taken',
    description: 'Another account has this username; usernames are unique, even of deactivated accounts.',
  },
  USER_INACTIVE: {
    status: 409,
    title: 'The account is deactivated',
    description: 'Reactivate the account before resetting its password.',
  },
  TOTP_ALREADY_ENROLLED: {
    status: 409,
    title: 'An authenticator app is already set up',
    description: 'Remove it (with your password) before setting up another.',
  },
  TOTP_NOT_STARTED: {
    status: 409,
    title: 'No enrolment in progress',
    description: 'Start the enrolment (POST /auth/totp) before confirming it with a code.',
  },
  AUTH_CLIENT_INVALID: {
    status: 401,
    title: 'The client credentials are not valid',
    description: 'Unknown client id, wrong secret, or a revoked client. The same answer for each.',
  },
  CLIENT_NOT_FOUND: {
    status: 404,
    title: 'No such API client',
    description: 'No API client has this id.',
  },
  CLIENT_REVOKED: {
    status: 409,
    title: 'The API client is revoked',
    description: 'A revoked client stays revoked; create a new one.',
  },
  AUTH_NO_SECOND_FACTOR: {
    status: 409,
    title: 'No way to send a sign-in code',
    description: 'The user has neither a phone number nor an e-mail address; an administrator must add one.',
  },
});
