/**
 * Reading back what render.ts drew, for tests: each page's text runs, rectangles and links, and the metadata. Only
 * the few operators our pages use are understood; it is no general PDF text extractor.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString } from 'pdf-lib';

export interface ReadPage {
  /** Every text run, in drawing order. */
  readonly text: readonly string[];
  /** `[x, y, width, height]` of every `re` operator. */
  readonly rectangles: ReadonlyArray<readonly [number, number, number, number]>;
  /** The URIs of the page's link annotations. */
  readonly links: readonly string[];
}

export async function readPdf(bytes: Uint8Array) {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages: ReadPage[] = document.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
    const operators = streams
      .map((stream) =>
        stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : '',
      )
      .join('\n');
    const text = [...operators.matchAll(/<([0-9A-Fa-f]*)> Tj/g)].map((match) =>
      fromWinAnsi(Buffer.from(match[1]!, 'hex')),
    );
    const rectangles = [...operators.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b/g)].map(
      (match) => [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])] as const,
    );
    const annotations = page.node.Annots()?.asArray() ?? [];
    const links = annotations.flatMap((ref) => {
      const action = page.doc.context.lookup(ref, PDFDict).lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = action?.lookupMaybe(PDFName.of('URI'), PDFString);
      return uri ? [uri.decodeText()] : [];
    });
    return { text, rectangles, links };
  });
  return { pages, title: document.getTitle(), subject: document.getSubject() };
}

/** The QR code's modules, rebuilt from its rectangles (those `unit` high), as rows of 0 and 1. */
export function qrModulesDrawn(page: ReadPage, size: number, unit: number): number[][] {
  const cells = page.rectangles.filter(([, , width, height]) => Math.abs(height - unit) < 1e-3 && width > 0);
  const left = Math.min(...cells.map(([x]) => x));
  const top = Math.max(...cells.map(([, y, , height]) => y + height));
  const grid = Array.from({ length: size }, () => Array<number>(size).fill(0));
  for (const [x, y, width] of cells) {
    const row = Math.round((top - y) / unit) - 1;
    const column = Math.round((x - left) / unit);
    for (let step = 0; step < Math.round(width / unit); step++) grid[row]![column + step] = 1;
  }
  return grid;
}

/** WinAnsi's characters at 0x80–0x9F (Node's TextDecoder reads windows-1252 as Latin-1); the rest is Latin-1. */
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const fromWinAnsi = (bytes: Buffer) =>
  [...bytes].map((byte) => (byte >= 0x80 && byte <= 0x9f ? HIGH[byte - 0x80]! : String.fromCharCode(byte))).join('');
