/**
 * The fixed texts of a certificate, per language. The event type's configuration gives the title and the field labels
 * in every language it has; these are the few words around them. A language missing here is written in English.
 */
import type { Timeliness } from '../../../core/forms/index.js';

export interface Wording {
  /** The title when the template names a file rather than giving the heading itself. */
  certificateOf(eventLabel: string): string;
  readonly registrationNumber: string;
  readonly identityNumber: string;
  readonly registeredOn: string;
  readonly office: string;
  readonly registration: string;
  readonly fee: string;
  readonly timeliness: Readonly<Record<Timeliness, string>>;
  readonly reprint: string;
  readonly printedOn: string;
  readonly verify: string;
  readonly yes: string;
  readonly no: string;
}

const WORDINGS: Readonly<Record<string, Wording>> = {
  en: {
    certificateOf: (event) => `${event} certificate`,
    registrationNumber: 'Registration number',
    identityNumber: 'National identification number (UIN)',
    registeredOn: 'Date of registration',
    office: 'Registering office',
    registration: 'Registration',
    fee: 'Fee',
    timeliness: { 'on-time': 'on time', late: 'late', delayed: 'delayed' },
    reprint: 'REPRINT',
    printedOn: 'Printed on',
    verify: 'Scan the code, or open this address, to check that this certificate is genuine:',
    yes: 'Yes',
    no: 'No',
  },
  fr: {
    certificateOf: (event) => {
      const name = event.toLocaleLowerCase('fr');
      return /^[aeiouyhàâéèêëîïôûù]/.test(name) ? `Certificat d’${name}` : `Certificat de ${name}`;
    },
    registrationNumber: 'Numéro d’enregistrement',
    identityNumber: 'Numéro d’identification nationale (NIU)',
    registeredOn: 'Date d’enregistrement',
    office: 'Bureau d’enregistrement',
    registration: 'Enregistrement',
    fee: 'Frais',
    timeliness: { 'on-time': 'dans le délai', late: 'tardif', delayed: 'très tardif' },
    reprint: 'DUPLICATA',
    printedOn: 'Imprimé le',
    verify: 'Scannez le code, ou ouvrez cette adresse, pour vérifier que ce certificat est authentique :',
    yes: 'Oui',
    no: 'Non',
  },
};

export function wordingFor(language: string): Wording {
  return WORDINGS[language] ?? WORDINGS.en!;
}
