/**
 * Error codes of identity credentials. The OpenID4VCI endpoints answer problem+json like every route, with the OAuth
 * `error` a wallet expects added beside `code` (see `OAUTH_ERRORS`).
 */
import { registerErrorCodes } from '../../../core/errors.js';

export const CredentialErrors = registerErrorCodes({
  IDENTITY_CREDENTIAL_IDENTITY_NOT_FOUND: {
    status: 404,
    title: 'No such identity',
    description: 'No identity has this UIN: check the number (its last digit is a check digit).',
  },
  IDENTITY_CREDENTIAL_IDENTITY_NOT_ACTIVE: {
    status: 409,
    title: 'The identity is not active',
    description:
      'The identity has been deactivated (a registered death): it gets no new credential, and the credentials it ' +
      'had are revoked.',
  },
  IDENTITY_CREDENTIAL_INVALID_GRANT: {
    status: 400,
    title: 'The offer cannot be redeemed',
    description:
      'The pre-authorized code is unknown, used already or expired, or the PIN (tx_code) is wrong. After five ' +
      'wrong PINs the offer is spent. Ask the registration office for a new offer. OAuth error `invalid_grant`.',
  },
  IDENTITY_CREDENTIAL_UNSUPPORTED_GRANT: {
    status: 400,
    title: 'Unsupported grant type',
    description:
      'The token endpoint takes only `grant_type=urn:ietf:params:oauth:grant-type:pre-authorized_code`. OAuth error ' +
      '`unsupported_grant_type`.',
  },
  IDENTITY_CREDENTIAL_INVALID_TOKEN: {
    status: 401,
    title: 'The access token is not valid',
    description:
      'The credential endpoint needs `Authorization: Bearer <access_token>` from the token endpoint; the token is ' +
      'good for one credential, for a few minutes. OAuth error `invalid_token`.',
  },
  IDENTITY_CREDENTIAL_INVALID_PROOF: {
    status: 400,
    title: 'The key proof is not valid',
    description:
      'Send `proofs: { jwt: [<JWT>] }`: a JWT of `typ: openid4vci-proof+jwt`, signed (ES256, ES384 or EdDSA) with ' +
      'the key in its `jwk` header, `aud` the credential issuer, a recent `iat` and the `nonce` from the nonce ' +
      'endpoint. OAuth error `invalid_proof`.',
  },
  IDENTITY_CREDENTIAL_INVALID_NONCE: {
    status: 400,
    title: 'The nonce is missing or expired',
    description: 'Get a fresh `c_nonce` from the nonce endpoint and sign the proof again. OAuth error `invalid_nonce`.',
  },
  IDENTITY_CREDENTIAL_UNKNOWN_CONFIGURATION: {
    status: 400,
    title: 'Unknown credential configuration',
    description:
      'Ask for a `credential_configuration_id` the issuer metadata lists (`national-identity`). OAuth error ' +
      '`unknown_credential_configuration`.',
  },
  IDENTITY_CREDENTIAL_NOT_FOUND: {
    status: 404,
    title: 'No such credential',
    description: 'No credential has this id.',
  },
  IDENTITY_CREDENTIAL_STATUS_LIST_NOT_FOUND: {
    status: 404,
    title: 'No such status list',
    description: 'No status list has this number; a credential names its own in `status.status_list.uri`.',
  },
});

/** The OAuth `error` of each code, for wallets (RFC 6749 §5.2, RFC 6750 §3.1, OpenID4VCI §8.3.1.2). */
export const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  IDENTITY_CREDENTIAL_INVALID_GRANT: 'invalid_grant',
  IDENTITY_CREDENTIAL_UNSUPPORTED_GRANT: 'unsupported_grant_type',
  IDENTITY_CREDENTIAL_INVALID_TOKEN: 'invalid_token',
  IDENTITY_CREDENTIAL_INVALID_PROOF: 'invalid_proof',
  IDENTITY_CREDENTIAL_INVALID_NONCE: 'invalid_nonce',
  IDENTITY_CREDENTIAL_UNKNOWN_CONFIGURATION: 'unknown_credential_configuration',
  IDENTITY_CREDENTIAL_IDENTITY_NOT_ACTIVE: 'credential_request_denied',
  VALIDATION_FAILED: 'invalid_request',
  MALFORMED_BODY: 'invalid_request',
};
