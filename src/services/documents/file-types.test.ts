import { describe, expect, it } from 'vitest';
import { attachmentDisposition, mediaTypeOf, sanitizeFileName, sniffDocumentType } from './file-types.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('sniffDocumentType', () => {
  it('tells PDF, JPEG and PNG apart by their first bytes', () => {
    expect(sniffDocumentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0x00))).toBe('image/jpeg');
    expect(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
  });

  it('knows nothing else: executables, HTML, a truncated signature, an empty file', () => {
    expect(sniffDocumentType(Buffer.from('MZ\x90\x00'))).toBeUndefined();
    expect(sniffDocumentType(Buffer.from('<html><script>'))).toBeUndefined();
    expect(sniffDocumentType(Buffer.from('%PDF'))).toBeUndefined();
    expect(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeUndefined();
    expect(sniffDocumentType(bytes())).toBeUndefined();
  });
});

describe('mediaTypeOf', () => {
  it('drops parameters and case', () => {
    expect(mediaTypeOf('Image/PNG; charset=binary')).toBe('image/png');
    expect(mediaTypeOf(undefined)).toBe('');
  });
});

describe('sanitizeFileName', () => {
  it('keeps the last path part, without control characters, quotes or leading dots', () => {
    expect(sanitizeFileName('C:\\scans\\..\\"birth"\u0000.pdf')).toBe('birth.pdf');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('..hidden.png')).toBe('hidden.png');
    expect(sanitizeFileName('a\r\nX-Injected: 1.pdf')).toBe('aX-Injected 1.pdf');
    expect(sanitizeFileName('right\u202eto-left.pdf')).toBe('rightto-left.pdf');
  });

  it('leaves nothing rather than an empty or dotted name, and cuts long names', () => {
    expect(sanitizeFileName('...')).toBeUndefined();
    expect(sanitizeFileName('folder/')).toBeUndefined();
    expect(sanitizeFileName(undefined)).toBeUndefined();
    expect(sanitizeFileName(`${'é'.repeat(300)}.pdf`)).toHaveLength(200);
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('Acte de naissance – Zoé (1).pdf')).toBe(
      `attachment; filename="Acte de naissance _ Zo_ (1).pdf"; ` +
        `filename*=UTF-8''Acte%20de%20naissance%20%E2%80%93%20Zo%C3%A9%20%281%29.pdf`,
    );
  });
});
