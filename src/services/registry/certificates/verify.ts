/**
 * Checking a certificate code, for anyone: the signature (is it ours, unaltered?) and then the register (is the record
 * still registered under that number?). The answer says only what the code itself says: event type, registration
 * number and date, registering office; never a name.
 */
import { findRecord, type RegistryDb } from '../repository.js';
import { readCertificateCode, verifyCertificateSignature } from './code.js';
import type { CertificateKeys } from './keys.js';

export type Verification =
  | {
      readonly genuine: true;
      readonly eventType: string;
      readonly registrationNumber: string;
      readonly registeredOn: string;
      readonly office: string | null;
    }
  | { readonly genuine: false; readonly reason: NotGenuine; readonly detail: string };

export const NOT_GENUINE = ['malformed', 'tampered', 'unknown-key', 'not-found', 'revoked'] as const;
export type NotGenuine = (typeof NOT_GENUINE)[number];

const DETAIL: Readonly<Record<NotGenuine, string>> = {
  malformed: 'This is not a certificate code.',
  tampered: 'The code has been altered: its signature does not match what it says. The certificate is not genuine.',
  'unknown-key': 'The code was not signed by this registry.',
  'not-found': 'No record is registered under this number.',
  revoked: 'The certificate was issued, but the record is no longer registered.',
};

const refuse = (reason: NotGenuine): Verification => ({ genuine: false, reason, detail: DETAIL[reason] });

export async function verifyCertificate(db: RegistryDb, keys: CertificateKeys, code: string): Promise<Verification> {
  const read = readCertificateCode(code);
  if (!read.ok) return refuse(read.reason);
  const publicKey = await keys.publicKey(read.kid);
  if (!publicKey) return refuse('unknown-key');
  if (!verifyCertificateSignature(read, publicKey)) return refuse('tampered');
  const { claims } = read;
  const row = await findRecord(db, claims.recordId);
  if (row?.registration_number !== claims.registrationNumber || row.event_type !== claims.eventType) {
    return refuse('not-found');
  }
  if (row.status !== 'REGISTERED') return refuse('revoked');
  return {
    genuine: true,
    eventType: claims.eventType,
    registrationNumber: claims.registrationNumber,
    registeredOn: claims.registeredOn,
    office: claims.office,
  };
}
