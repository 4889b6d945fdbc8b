/**
 * The kinds of file a supporting document may be, told apart by their first bytes: a client's Content-Type is a
 * claim, the content is the fact. Anything else (an executable, an HTML page, a Word file) is refused.
 */

export const DOCUMENT_TYPES = {
  'application/pdf': { label: 'PDF document', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  'image/jpeg': { label: 'JPEG image', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
  'image/png': { label: 'PNG image', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
} as const;

export type DocumentType = keyof typeof DOCUMENT_TYPES;

export const DOCUMENT_TYPE_NAMES = Object.keys(DOCUMENT_TYPES) as DocumentType[];

export function isDocumentType(value: string): value is DocumentType {
  return Object.hasOwn(DOCUMENT_TYPES, value);
}

/** The media type of a Content-Type header, without parameters, lower case: `Image/PNG; q=1` → `image/png`. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** What the content really is, by its magic bytes; undefined for anything that is not an accepted type. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | undefined {
  return DOCUMENT_TYPE_NAMES.find((type) => {
    const { magic } = DOCUMENT_TYPES[type];
    return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
  });
}

const MAX_NAME_LENGTH = 200;

/**
 * A client's original file name made safe to store and to send back in Content-Disposition: its last path part only,
 * no control or format characters, none of `"<>:|?*\/`, no leading dots, at most 200 characters; undefined when
 * nothing is left.
 *
 * @example
 * sanitizeFileName('C:\\scans\\..\\"birth"\u0000.pdf') // 'birth.pdf'
 */
export function sanitizeFileName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const last = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const clean = last
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"<>:|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .trim();
  const cut = [...clean].slice(0, MAX_NAME_LENGTH).join('').trim();
  return cut === '' ? undefined : cut;
}

/**
 * `Content-Disposition: attachment` with the file name in both forms (RFC 6266): an ASCII fallback for old clients
 * and the UTF-8 name in `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
