/**
 * The public documents wallets and verifiers read: the credential issuer metadata (OpenID4VCI §12.2), the metadata
 * of the authorization server that runs the token endpoint (RFC 8414, here the issuer itself under its own path), the
 * JWT VC issuer metadata with the public keys (SD-JWT VC §5), and the type metadata of the credential (SD-JWT VC §6).
 */
import type { JWK } from 'jose';
import { PRE_AUTHORIZED_GRANT } from './actions/create-offer.js';
import { AGE_THRESHOLDS } from './age-claims.js';
import { NATIONAL_IDENTITY, SD_JWT_VC_TYPE, vctOf } from './national-identity.js';

export const OID4VCI_PATH = '/api/v1/identity/oid4vci';
/** The authorization server's identifier lives beside the issuer's, so its metadata has a path of its own. */
export const authorizationServerOf = (issuer: string) => `${issuer}/identity/oid4vci`;

const claim = (path: readonly string[], name: string) => ({ path, display: [{ name, locale: 'en' }] });

export function credentialIssuerMetadata(issuer: string, ageThresholds: readonly number[] = AGE_THRESHOLDS) {
  return {
    credential_issuer: issuer,
    authorization_servers: [authorizationServerOf(issuer)],
    credential_endpoint: `${issuer}${OID4VCI_PATH}/credential`,
    nonce_endpoint: `${issuer}${OID4VCI_PATH}/nonce`,
    display: [{ name: 'Civitas national identity', locale: 'en' }],
    credential_configurations_supported: {
      [NATIONAL_IDENTITY]: {
        format: SD_JWT_VC_TYPE,
        vct: vctOf(issuer),
        scope: NATIONAL_IDENTITY,
        cryptographic_binding_methods_supported: ['jwk'],
        credential_signing_alg_values_supported: ['ES256'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'ES384', 'EdDSA'] } },
        credential_metadata: {
          display: [{ name: 'National identity', locale: 'en', description: 'Identity and birth registration' }],
          claims: [
            claim(['uin'], 'Unique identification number'),
            claim(['given_name'], 'Given names'),
            claim(['family_name'], 'Family name'),
            claim(['birthdate'], 'Date of birth'),
            claim(['sex'], 'Sex'),
            claim(['place_of_birth', 'district'], 'District of birth'),
            claim(['place_of_birth', 'province'], 'Province of birth'),
            ...ageThresholds.map((years) => claim(['age_equal_or_over', String(years)], `Aged ${years} or over`)),
            claim(['issuing_country'], 'Issuing country'),
          ],
        },
      },
    },
  };
}

export function authorizationServerMetadata(issuer: string) {
  return {
    issuer: authorizationServerOf(issuer),
    token_endpoint: `${issuer}${OID4VCI_PATH}/token`,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    'pre-authorized_grant_anonymous_access_supported': true,
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['none'],
  };
}

export function jwtVcIssuerMetadata(issuer: string, jwks: { keys: JWK[] }) {
  return { issuer, jwks };
}

export function typeMetadata(issuer: string) {
  return {
    vct: vctOf(issuer),
    name: 'National identity',
    description:
      'A person’s identity and birth registration: UIN, names, birth date, sex, place of birth and age statements, ' +
      'each disclosed on its own.',
  };
}
