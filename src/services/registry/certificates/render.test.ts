import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { demoDefinition } from '../../../core/forms/test-definitions.js';
import { certificateContent, type CertificateInput } from './content.js';
import { renderCertificates } from './render.js';
import { qrModulesDrawn, readPdf } from './test-pdf.js';

const input: CertificateInput = {
  definition: demoDefinition('birth'),
  language: 'fr',
  data: {
    child: { firstNames: 'Éloïse Łucja', familyName: 'Mwale', sex: 'female', birthDate: '2026-01-01' },
    mother: { firstNames: 'Grace', familyName: 'Mwale' },
  },
  registrationNumber: 'B2026-CEN-IBO-000007',
  registeredOn: '2026-01-03',
  office: 'OFF-IBO',
  timeliness: 'on-time',
  printNumber: 1,
  printedOn: '2026-01-04',
  verificationUrl: `https://civitas.example.org/verify/${'a'.repeat(190)}.${'b'.repeat(86)}`,
};

describe('rendering certificates', () => {
  it('draws the texts, replacing what the standard font lacks', async () => {
    const pdf = await renderCertificates([certificateContent(input)]);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const read = await readPdf(pdf);
    expect(read.pages).toHaveLength(1);
    const text = read.pages[0]!.text;
    expect(text).toEqual(expect.arrayContaining(['Certificat de naissance', 'B2026-CEN-IBO-000007', 'Éloïse Lucja']));
    expect(text).toEqual(expect.arrayContaining(['Numéro d’enregistrement', 'Féminin', 'dans le délai', '0 XDC']));
    expect(text).not.toContain('DUPLICATA');
    expect(read.subject).toBe('B2026-CEN-IBO-000007');
  });

  it('draws a QR code of exactly the verification address, with the address beneath and a link', async () => {
    const read = await readPdf(await renderCertificates([certificateContent(input)]));
    const page = read.pages[0]!;
    const { size, data } = QRCode.create(input.verificationUrl, { errorCorrectionLevel: 'M' }).modules;
    const expected = Array.from({ length: size }, (_, row) => Array.from(data.subarray(row * size, (row + 1) * size)));
    expect(qrModulesDrawn(page, size, 120 / size)).toEqual(expected);
    expect(page.text.filter((run) => /^[\w:/.-]+$/.test(run) && run.length > 60).join('')).toBe(input.verificationUrl);
    expect(page.links).toEqual([input.verificationUrl]);
  });

  it('marks reprints and puts a batch on one page each', async () => {
    const contents = [1, 2, 3].map((printNumber) => certificateContent({ ...input, printNumber }));
    const read = await readPdf(await renderCertificates(contents));
    expect(read.pages.map((page) => page.text.includes('DUPLICATA'))).toEqual([false, true, true]);
    expect(read.title).toBe('3 certificates');
  });
});
