/**
 * What a certificate says, worked out from the record and its event type before anything is drawn: the title (the
 * template text of the language, or a standard title when the template names a file), the registration facts, each
 * configured field with its label in the certificate's language, the fee by timeliness, and the verification address.
 */
import { DomainError } from '../../../core/errors.js';
import {
  findField,
  isEmpty,
  registrationFee,
  valueAt,
  type EventTypeDefinition,
  type Field,
  type Timeliness,
} from '../../../core/forms/index.js';
import type { DeclarationData } from '../record-state.js';
import { wordingFor, type Wording } from './wording.js';

export interface CertificateLine {
  readonly label: string;
  readonly value: string;
}

export interface CertificateSection {
  readonly heading: string;
  readonly lines: readonly CertificateLine[];
}

export interface CertificateContent {
  readonly language: string;
  readonly title: string;
  /** "REPRINT" (in the certificate's language) from the second print on. */
  readonly mark: string | undefined;
  readonly registrationNumber: string;
  /** Registration number, date, office, timeliness and fee. */
  readonly facts: readonly CertificateLine[];
  readonly sections: readonly CertificateSection[];
  readonly footer: string;
  readonly verifyText: string;
  readonly verificationUrl: string;
}

export interface CertificateInput {
  readonly definition: EventTypeDefinition;
  readonly language: string;
  readonly data: DeclarationData;
  readonly registrationNumber: string;
  /** The subject's UIN, when the identity service has issued one. */
  readonly identityNumber?: string | null;
  /** YYYY-MM-DD */
  readonly registeredOn: string;
  readonly office: string | null;
  readonly timeliness: Timeliness;
  /** 1 for the first print, 2 for the first reprint, ... */
  readonly printNumber: number;
  /** YYYY-MM-DD */
  readonly printedOn: string;
  readonly verificationUrl: string;
}

/** The requested language, or the event type's first; VALIDATION_FAILED when the event type does not have it. */
export function certificateLanguage(definition: EventTypeDefinition, requested: string | undefined): string {
  const languages = Object.keys(definition.label);
  if (requested === undefined) return languages[0]!;
  if (!languages.includes(requested)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `language: ${definition.id} certificates are in ${languages.join(', ')}, not ${requested}`,
      { field: 'language' },
    );
  }
  return requested;
}

export function certificateContent(input: CertificateInput): CertificateContent {
  const { definition, language } = input;
  const certificate = definition.certificate;
  if (!certificate) {
    throw new DomainError('REGISTRY_NO_CERTIFICATE', `The ${definition.id} event type defines no certificate.`);
  }
  const wording = wordingFor(language);
  const text = (localized: Readonly<Record<string, string>>) => localized[language] ?? Object.values(localized)[0]!;
  const template = text(certificate.template);
  const fee = registrationFee(definition.fees, input.timeliness);
  return {
    language,
    title: namesAFile(template) ? wording.certificateOf(text(definition.label)) : template,
    mark: input.printNumber > 1 ? wording.reprint : undefined,
    registrationNumber: input.registrationNumber,
    facts: [
      { label: wording.registrationNumber, value: input.registrationNumber },
      ...(certificate.identityNumber && input.identityNumber
        ? [{ label: wording.identityNumber, value: input.identityNumber }]
        : []),
      { label: wording.registeredOn, value: input.registeredOn },
      { label: wording.office, value: input.office ?? '-' },
      { label: wording.registration, value: wording.timeliness[input.timeliness] },
      { label: wording.fee, value: `${fee} ${definition.fees.currency}` },
    ],
    sections: sectionsOf(definition, certificate.fields, input.data, language, wording),
    footer: `${wording.printedOn} ${input.printedOn}`,
    verifyText: wording.verify,
    verificationUrl: input.verificationUrl,
  };
}

/** `birth-certificate.en.html` names a file (whose rendering is not ours yet); `Acte de naissance` is the heading. */
function namesAFile(template: string): boolean {
  return /^[\w.-]+\.[A-Za-z0-9]{2,8}$/.test(template);
}

/** The configured fields that have a value, grouped under their sections' headings in the order configured. */
function sectionsOf(
  definition: EventTypeDefinition,
  paths: readonly string[],
  data: DeclarationData,
  language: string,
  wording: Wording,
): CertificateSection[] {
  const sections: Array<{ id: string; heading: string; lines: CertificateLine[] }> = [];
  for (const path of paths) {
    const found = findField(definition, path);
    const value = found && shown(found.field, valueAt(data, path), language, wording);
    if (!found || value === undefined) continue;
    const heading = found.section.label[language] ?? Object.values(found.section.label)[0]!;
    let section = sections.at(-1);
    if (section?.id !== found.section.id) sections.push((section = { id: found.section.id, heading, lines: [] }));
    section.lines.push({ label: found.field.label[language] ?? Object.values(found.field.label)[0]!, value });
  }
  return sections.map(({ heading, lines }) => ({ heading, lines }));
}

/** A value as the certificate prints it; undefined for an empty one or one that has no printed form (documents). */
function shown(field: Field, value: unknown, language: string, wording: Wording): string | undefined {
  if (field.type === 'checkbox') return value === true ? wording.yes : value === false ? wording.no : undefined;
  if (isEmpty(value)) return undefined;
  if (field.options) {
    const option = field.options.find((candidate) => candidate.value === value);
    return option ? (option.label[language] ?? Object.values(option.label)[0]!) : String(value);
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
