import { describe, expect, it } from 'vitest';
import { demoDefinition } from '../../../core/forms/test-definitions.js';
import { certificateContent, certificateLanguage, type CertificateInput } from './content.js';

const birth = demoDefinition('birth');
const input: CertificateInput = {
  definition: birth,
  language: 'en',
  data: {
    child: { firstNames: 'Ada', familyName: 'Mwale', sex: 'female', birthDate: '2026-01-01', weightAtBirth: 3.1 },
    mother: { firstNames: 'Grace', familyName: 'Mwale' },
    father: { detailsNotAvailable: true, reasonNotAvailable: 'Not known' },
  },
  registrationNumber: 'B2026-CEN-IBO-000001',
  registeredOn: '2026-03-04',
  office: 'OFF-IBO',
  timeliness: 'late',
  printNumber: 1,
  printedOn: '2026-03-05',
  verificationUrl: 'https://civitas.example.org/verify/x.y',
};

describe('what a certificate says', () => {
  it('lists the configured fields that have a value, under their sections, with option labels', () => {
    const content = certificateContent(input);
    expect(content.sections).toEqual([
      {
        heading: "Child's details",
        lines: [
          { label: 'First name(s)', value: 'Ada' },
          { label: 'Last name', value: 'Mwale' },
          { label: 'Sex', value: 'Female' },
          { label: 'Date of birth', value: '2026-01-01' },
        ],
      },
      {
        heading: "Mother's details",
        lines: [
          { label: 'First name(s)', value: 'Grace' },
          { label: 'Last name', value: 'Mwale' },
        ],
      },
    ]);
  });

  it('states the registration, its timeliness and the fee that follows from it', () => {
    expect(certificateContent(input).facts).toEqual([
      { label: 'Registration number', value: 'B2026-CEN-IBO-000001' },
      { label: 'Date of registration', value: '2026-03-04' },
      { label: 'Registering office', value: 'OFF-IBO' },
      { label: 'Registration', value: 'late' },
      { label: 'Fee', value: '5 XDC' },
    ]);
    expect(certificateContent({ ...input, timeliness: 'delayed' }).facts.at(-1)?.value).toBe('10 XDC');
  });

  it('takes the title from the template text, or a standard one when the template names a file', () => {
    expect(certificateContent(input).title).toBe('Birth certificate');
    expect(certificateContent({ ...input, language: 'fr' }).title).toBe('Certificat de naissance');
    const inline = { ...birth, certificate: { ...birth.certificate!, template: { en: 'Extract of a birth entry' } } };
    expect(certificateContent({ ...input, definition: inline }).title).toBe('Extract of a birth entry');
  });

  it('says REPRINT from the second print on', () => {
    expect(certificateContent(input).mark).toBeUndefined();
    expect(certificateContent({ ...input, printNumber: 2 }).mark).toBe('REPRINT');
  });

  it('is in one of the event type’s languages only', () => {
    expect(certificateLanguage(birth, undefined)).toBe('en');
    expect(certificateLanguage(birth, 'fr')).toBe('fr');
    expect(() => certificateLanguage(birth, 'de')).toThrow(/en, fr, not de/);
  });

  it('refuses an event type without a certificate', () => {
    const none = { ...birth, certificate: undefined };
    expect(() => certificateContent({ ...input, definition: none })).toThrow(/defines no certificate/);
  });
});
