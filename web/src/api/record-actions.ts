/**
 * Record actions as the offline queue sends them: each with the idempotency key it was given when queued (a repeat
 * answers the first answer), and printing a certificate with who collects it.
 */
import { json, type Api } from './http';
import type { RecordAction } from './records';
import type { RecordView } from './types';

/** Who collects a certificate, as the server takes it: informant, mother, father or someone else, with an ID. */
export interface CertificateCollector {
  readonly type: string;
  readonly name: string;
  readonly idType?: string;
  readonly idNumber?: string;
}

export const actWithKey = (
  api: Api,
  id: string,
  action:
    | RecordAction
    | 'mark-duplicate'
    | 'mark-not-duplicate'
    | 'request-correction'
    | 'approve-correction'
    | 'reject-correction',
  body: { version: number; reason?: string; data?: Record<string, Record<string, unknown>> },
  idempotencyKey: string,
  timeoutMs?: number,
) => json<RecordView>(api(`/records/${id}/${action}`, { body, idempotencyKey, timeoutMs }));

/** The certificate as a PDF; the print is recorded on the record (its version goes up by one). */
export async function printWithCollector(
  api: Api,
  id: string,
  body: { version: number; language?: string; collector?: CertificateCollector },
  timeoutMs?: number,
): Promise<Blob> {
  return (await api(`/records/${id}/certificate`, { body, accept: 'application/pdf', timeoutMs })).blob();
}
