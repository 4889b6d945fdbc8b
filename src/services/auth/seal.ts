/** The auth service's secrets at rest (signing keys, authenticator-app secrets), sealed per purpose. */
export { seal, unseal } from '../../core/secret-seal.js';

export const TOTP_SEAL = 'auth totp secrets';
