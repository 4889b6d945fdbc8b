/** Private credential issuer keys at rest, sealed under the configured secretKey for this purpose only. */
import { seal as sealFor, unseal as unsealFor } from '../../../core/secret-seal.js';

const PURPOSE = 'identity credential issuer keys';

export const seal = (secretKey: string, plain: string): string => sealFor(secretKey, PURPOSE, plain);
/** Throws when the value was sealed with another secretKey or was altered. */
export const unseal = (secretKey: string, sealed: string): string => unsealFor(secretKey, PURPOSE, sealed);
