import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { isWinAnsi, toWinAnsi } from './win-ansi.js';

describe('text for the standard PDF fonts', () => {
  it('keeps French and other Latin-1 letters, and WinAnsi punctuation', () => {
    expect(toWinAnsi('Hélène Çağ Noël à l’école — 5 €')).toBe('Hélène Çag Noël à l’école — 5 €');
  });

  it('writes letters outside WinAnsi as their nearest Latin letter, or ?', () => {
    expect(toWinAnsi('Łódź Wałęsa Ɓello Ŋoma')).toBe('Lódz Walesa Bello NGoma');
    expect(toWinAnsi('Абв 日本')).toBe('??? ??');
  });

  it('turns line breaks into spaces and drops invisible characters', () => {
    expect(toWinAnsi('Plot 12\nIbombo\u00ad\u200d')).toBe('Plot 12 Ibombo');
  });

  it('only ever gives characters pdf-lib’s Helvetica can encode', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    let all = '';
    for (let code = 0; code < 0x3000; code++) if (code < 0xd800 || code > 0xdfff) all += String.fromCodePoint(code);
    const text = toWinAnsi(all);
    expect(() => font.encodeText(text)).not.toThrow();
    expect([...text].every(isWinAnsi)).toBe(true);
  });
});
