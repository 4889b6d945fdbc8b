/**
 * Printing certificates: each print is a PRINT_CERTIFICATE action through the one action pipeline (`act`), so it is
 * checked (scope, jurisdiction, version, REGISTERED only) and recorded like any other; the second and later prints of
 * a record are reprints and say so. A batch is one transaction: one refusal and nothing is recorded. The PDF is made
 * inside that transaction too, so no print is ever recorded without its certificate.
 */
import { DomainError } from '../../../core/errors.js';
import type { Timeliness } from '../../../core/forms/index.js';
import { act, type Acting } from '../actions/act.js';
import { eventTypeOf } from '../event-types.js';
import { actionsOf, identityNumberOf, type RegistryDb } from '../repository.js';
import { signCertificateCode, verificationUrl } from './code.js';
import { certificateContent, certificateLanguage, type CertificateContent } from './content.js';
import type { CertificateSigningKey } from './keys.js';
import { renderCertificates } from './render.js';

export interface PrintRequest {
  readonly id: string;
  /** The record's version the caller last read. */
  readonly version: number;
  /** Who collects the certificate. */
  readonly collector?: Readonly<Record<string, unknown>> | undefined;
  /** How many copies to print (pages in the PDF); recorded with the print. 1 when left out. */
  readonly copies?: number | undefined;
}

export interface PrintOptions {
  /** Two-letter code; the event type's first language when left out. */
  readonly language?: string | undefined;
  /** Where the verification address starts, e.g. https://civitas.example.org */
  readonly baseUrl: string;
  /** Load it before calling: making the first key needs a transaction of its own. */
  readonly key: CertificateSigningKey;
}

export interface PrintedCertificate {
  readonly recordId: string;
  readonly registrationNumber: string;
  readonly reprint: boolean;
  readonly code: string;
}

/**
 * Records a print of each record and renders their certificates into one PDF, a page each in the order asked.
 * A refusal of any of them throws its problem, naming the record (`records.<index>`) when there are several.
 *
 * @example
 * const { pdf } = await printCertificates(db, acting, [{ id, version: 4 }], { baseUrl, key: await keys.signing() });
 */
export async function printCertificates(
  db: RegistryDb,
  acting: Acting,
  requests: readonly PrintRequest[],
  options: PrintOptions,
): Promise<{ pdf: Uint8Array; certificates: PrintedCertificate[] }> {
  const duplicate = requests.findIndex((request, index) => requests.findIndex((r) => r.id === request.id) !== index);
  if (duplicate >= 0) {
    throw new DomainError('VALIDATION_FAILED', `records.${duplicate}.id: ${requests[duplicate]!.id} is listed twice`, {
      field: `records.${duplicate}.id`,
    });
  }
  // Records are locked in id order, whatever the order asked, so two batches never wait for each other in a circle.
  const order = requests.map((_, index) => index).sort((a, b) => (requests[a]!.id < requests[b]!.id ? -1 : 1));
  return db.transaction().execute(async (tx) => {
    const printed: Array<{ content: CertificateContent; certificate: PrintedCertificate }> = [];
    for (const index of order) {
      try {
        printed[index] = await printOne(tx, acting, requests[index]!, options);
      } catch (error) {
        throw requests.length > 1 ? naming(error, index, requests[index]!.id) : error;
      }
    }
    return {
      pdf: await renderCertificates(
        printed.flatMap((one, index) => Array<CertificateContent>(requests[index]!.copies ?? 1).fill(one.content)),
      ),
      certificates: printed.map((one) => one.certificate),
    };
  });
}

async function printOne(tx: RegistryDb, acting: Acting, request: PrintRequest, options: PrintOptions) {
  const { record, action } = await act(tx, acting, request.id, {
    type: 'PRINT_CERTIFICATE',
    version: request.version,
    collector: request.collector,
    copies: request.copies,
  });
  const definition = await eventTypeOf(tx, record.eventType, record.formVersion);
  const language = certificateLanguage(definition, options.language);
  const history = await actionsOf(tx, record.id);
  const registration = history.filter((past) => past.type === 'REGISTER').at(-1);
  if (!registration || !record.registrationNumber) throw new Error(`record ${record.id} is printed unregistered`);
  const claims = {
    eventType: record.eventType,
    registrationNumber: record.registrationNumber,
    registeredOn: registration.at.slice(0, 10),
    office: registration.office,
    recordId: record.id,
  };
  const code = signCertificateCode(options.key, claims);
  const printNumber = history.filter((past) => past.type === 'PRINT_CERTIFICATE').length;
  const content = certificateContent({
    definition,
    language,
    data: record.data,
    registrationNumber: claims.registrationNumber,
    identityNumber: await identityNumberOf(tx, record.id),
    registeredOn: claims.registeredOn,
    office: claims.office,
    timeliness: action.details?.timeliness as Timeliness,
    printNumber,
    printedOn: action.at.slice(0, 10),
    verificationUrl: verificationUrl(options.baseUrl, code),
  });
  return {
    content,
    certificate: { recordId: record.id, registrationNumber: claims.registrationNumber, reprint: printNumber > 1, code },
  };
}

/** The same problem, saying which record of the batch it is about. */
function naming(error: unknown, index: number, id: string): unknown {
  if (!(error instanceof DomainError)) return error;
  const at = (field: string | undefined) => `records.${index}.${field ?? 'id'}`;
  return new DomainError(error.code, `records.${index} (${id}): ${error.message}`, {
    field: at(error.field),
    ...(error.errors ? { errors: error.errors.map((each) => ({ ...each, field: at(each.field) })) } : {}),
    ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  });
}
