/**
 * Certificates as PDF, one A4 page each, drawn with pdf-lib and its standard fonts (nothing to embed, so a page costs
 * a few milliseconds). The QR code is drawn as filled rectangles, one per run of dark modules: crisp at any zoom and
 * cheaper than encoding an image; a link over it opens the same address from a PDF viewer. pdf-lib and qrcode are
 * loaded with the first certificate, not at start.
 */
import type { PDFFont, PDFPage } from 'pdf-lib';
import type { CertificateContent, CertificateLine } from './content.js';
import { toWinAnsi } from './win-ansi.js';

type PdfLib = typeof import('pdf-lib');
let libraries: Promise<readonly [PdfLib, typeof import('qrcode')]> | undefined;
const load = () => (libraries ??= Promise.all([import('pdf-lib'), import('qrcode')]));

const [WIDTH, HEIGHT] = [595.28, 841.89]; // A4
const MARGIN = 56;
const VALUE_X = MARGIN + 170;
const QR_SIZE = 120;
const URL_SIZE = 6.5;
const GREY = 0.35;

interface Pen {
  readonly pdf: PdfLib;
  readonly page: PDFPage;
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly mono: PDFFont;
}

/**
 * One PDF with a page per certificate, in the order given; its metadata subject lists the registration numbers.
 *
 * @example const pdf = await renderCertificates([content]); // bytes starting with %PDF-
 */
export async function renderCertificates(contents: readonly CertificateContent[]): Promise<Uint8Array> {
  const [pdf, qrcode] = await load();
  const document = await pdf.PDFDocument.create();
  const fonts = {
    regular: await document.embedFont(pdf.StandardFonts.Helvetica),
    bold: await document.embedFont(pdf.StandardFonts.HelveticaBold),
    mono: await document.embedFont(pdf.StandardFonts.Courier),
  };
  for (const content of contents) {
    const pen: Pen = { pdf, page: document.addPage([WIDTH, HEIGHT]), ...fonts };
    const modules = qrcode.create(content.verificationUrl, { errorCorrectionLevel: 'M' }).modules;
    const qrTop = drawVerification(pen, content, modules);
    drawBody(pen, content, qrTop + 16);
    const link = document.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [MARGIN, qrTop - QR_SIZE, MARGIN + QR_SIZE, qrTop],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: pdf.PDFString.of(content.verificationUrl) },
    });
    pen.page.node.set(pdf.PDFName.of('Annots'), document.context.obj([document.context.register(link)]));
  }
  const single = contents.length === 1 ? contents[0] : undefined;
  document.setTitle(
    toWinAnsi(single ? `${single.title}, ${single.registrationNumber}` : `${contents.length} certificates`),
  );
  document.setSubject(contents.map((content) => content.registrationNumber).join(', '));
  document.setLanguage(contents[0]?.language ?? 'en');
  document.setCreator('Civitas');
  document.setProducer('Civitas');
  return document.save();
}

/** Frame, mark, title, facts and the configured fields, from the top down to `bottom`. */
function drawBody(pen: Pen, content: CertificateContent, bottom: number): void {
  const { pdf, page, bold } = pen;
  const grey = pdf.grayscale(GREY);
  page.drawRectangle({ x: 28, y: 28, width: WIDTH - 56, height: HEIGHT - 56, borderWidth: 1.2, borderColor: grey });
  if (content.mark) {
    const mark = toWinAnsi(content.mark);
    const x = WIDTH - MARGIN - bold.widthOfTextAtSize(mark, 11);
    page.drawText(mark, { x, y: HEIGHT - 62, size: 11, font: bold, color: grey });
  }
  const title = toWinAnsi(content.title);
  const size = Math.min(22, (22 * (WIDTH - 2 * MARGIN)) / bold.widthOfTextAtSize(title, 22));
  page.drawText(title, { x: (WIDTH - bold.widthOfTextAtSize(title, size)) / 2, y: HEIGHT - 100, size, font: bold });
  const rule = HEIGHT - 116;
  page.drawLine({ start: { x: MARGIN, y: rule }, end: { x: WIDTH - MARGIN, y: rule }, thickness: 0.8, color: grey });

  // Lines close up (down to 12 pt apart) when a long certificate would run into the QR code.
  const top = rule - 30;
  const rows = content.facts.length + content.sections.reduce((sum, section) => sum + section.lines.length + 1.6, 0);
  const step = Math.max(12, Math.min(18, (top - bottom) / rows));
  let y = top;
  for (const fact of content.facts) y = drawLine(pen, fact, y, step, bold);
  for (const section of content.sections) {
    y -= step * 0.6;
    page.drawText(toWinAnsi(section.heading), { x: MARGIN, y, size: 12, font: bold });
    y -= step;
    for (const line of section.lines) y = drawLine(pen, line, y, step, pen.regular);
  }
}

/** A label and its value (wrapped when long); answers where the next line goes. */
function drawLine(pen: Pen, line: CertificateLine, y: number, step: number, font: PDFFont): number {
  const { page, regular } = pen;
  page.drawText(toWinAnsi(line.label), { x: MARGIN, y, size: 9, font: regular, color: pen.pdf.grayscale(GREY) });
  const lines = wrap(toWinAnsi(line.value), (text) => font.widthOfTextAtSize(text, 11), WIDTH - MARGIN - VALUE_X);
  for (const [index, text] of lines.entries()) page.drawText(text, { x: VALUE_X, y: y - index * 13, size: 11, font });
  return y - step - (lines.length - 1) * 13;
}

/**
 * From the bottom up: the footer, the verification address (in Courier, so it can be typed from paper), the invitation
 * to verify, and the QR code above them; answers the QR code's top.
 */
function drawVerification(pen: Pen, content: CertificateContent, modules: QrModules): number {
  const { pdf, page, regular, mono } = pen;
  const usable = WIDTH - 2 * MARGIN;
  page.drawText(toWinAnsi(content.footer), { x: MARGIN, y: 40, size: 8, font: regular, color: pdf.grayscale(GREY) });
  const perLine = Math.floor(usable / (0.6 * URL_SIZE)); // every Courier character is 0.6 em wide
  const url = toWinAnsi(content.verificationUrl);
  const urlLines = Array.from({ length: Math.ceil(url.length / perLine) }, (_, index) =>
    url.slice(index * perLine, (index + 1) * perLine),
  );
  const leading = URL_SIZE + 1.5;
  for (const [index, text] of urlLines.entries()) {
    page.drawText(text, { x: MARGIN, y: 58 + (urlLines.length - 1 - index) * leading, size: URL_SIZE, font: mono });
  }
  let y = 58 + urlLines.length * leading;
  y += 4;
  const invitation = wrap(toWinAnsi(content.verifyText), (text) => regular.widthOfTextAtSize(text, 8), usable);
  for (const text of invitation.reverse()) {
    page.drawText(text, { x: MARGIN, y, size: 8, font: regular });
    y += 10;
  }
  const top = y + 4 + QR_SIZE;
  drawQrCode(pen, modules, MARGIN, top);
  return top;
}

interface QrModules {
  readonly size: number;
  readonly data: Uint8Array;
}

/** Dark modules as rectangles, one per horizontal run, filled black with one operator. */
function drawQrCode({ pdf, page }: Pen, { size, data }: QrModules, left: number, top: number): void {
  const unit = QR_SIZE / size;
  const operators = [pdf.pushGraphicsState(), pdf.setFillingGrayscaleColor(0)];
  for (let row = 0; row < size; row++) {
    let column = 0;
    while (column < size) {
      if (!data[row * size + column]) {
        column++;
        continue;
      }
      let end = column;
      while (end < size && data[row * size + end]) end++;
      operators.push(pdf.rectangle(left + column * unit, top - (row + 1) * unit, (end - column) * unit, unit));
      column = end;
    }
  }
  operators.push(pdf.fill(), pdf.popGraphicsState());
  page.pushOperators(...operators);
}

/** Words into lines no wider than `width`; a word wider than a line is cut. */
function wrap(text: string, measure: (text: string) => number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (measure(line) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && measure(line.slice(0, cut)) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  lines.push(line);
  return lines;
}
