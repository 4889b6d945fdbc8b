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
  AUTH_NO_SECOND_FACTOR: {
    status: 409,
    title: 'No way to send a sign-in code',
    description: 'The user has neither a phone number nor an e-mail address; an administrator must add one.',
  },
});
