/**
 * The address a certificate's QR code carries, read back from the PDF the server printed: the page has a link over
 * its QR code to that same address. pdf-lib packs the link in a compressed object stream, so the streams are
 * inflated (DecompressionStream) until one holds a `/URI`.
 */

const URI = /\/URI\s*\(((?:[^()\\]|\\.)*)\)/;

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

export async function verificationUrlOf(pdf: Blob): Promise<string | undefined> {
  const bytes = new Uint8Array(await pdf.arrayBuffer());
  const text = latin1(bytes);
  const plain = URI.exec(text);
  if (plain) return unescape(plain[1]!);
  for (let at = text.indexOf('stream'); at >= 0; at = text.indexOf('stream', at + 6)) {
    if (text.startsWith('endstream', at - 3)) continue;
    let start = at + 6;
    if (text[start] === '\r') start += 1;
    if (text[start] === '\n') start += 1;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const inflated = await inflate(bytes.subarray(start, end)).catch(() => undefined);
    const found = inflated && URI.exec(latin1(inflated));
    if (found) return unescape(found[1]!);
    at = end;
  }
  return undefined;
}

/** PDF string escapes: \( \) \\ and the like. */
function unescape(value: string): string {
  return value.replace(/\\([()\\])/g, '$1');
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  // Bytes after the end of the compressed data (the line break before "endstream") make the stream fail: the
  // chunks read before that are the whole content.
  const chunks: Uint8Array[] = [];
  const reader = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (error) {
    if (chunks.length === 0) throw error;
  }
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The QR code of an address, as an SVG data URL (the QR library loads only when a certificate is printed). */
export async function qrCodeImage(url: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
