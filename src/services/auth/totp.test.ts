import { describe, expect, it, vi } from 'vitest';
import {
  checkTotp,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  otpauthUri,
  qrCodeSvg,
  totpCode,
} from './totp.js';

// Records when the qrcode package is first loaded, to show that importing totp.ts does not load it.
const qrcode = vi.hoisted(() => ({ loaded: false }));
vi.mock('qrcode', async (importOriginal) => {
  qrcode.loaded = true;
  return importOriginal();
});

// RFC 6238 appendix B: the ASCII secret "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const seconds = (s: number) => s * 1000;
const stepOf = (ms: number) => Math.floor(ms / 1000 / 30);
/** The secret an otpauth URI carries, which totp.ts writes by decoding and re-encoding the given one. */
const uriSecret = (secret: string) =>
  new URL(otpauthUri({ secret, account: 'a', issuer: 'i' })).searchParams.get('secret');

describe('TOTP codes', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ])('match RFC 6238 appendix B at T=%i s (8 digits, SHA-1)', (t, expected) => {
    expect(totpCode(RFC_SECRET, seconds(t), 8)).toBe(expected);
  });

  it('have 6 digits by default: the last 6 of the 8-digit code', () => {
    expect(totpCode(RFC_SECRET, seconds(59))).toBe('287082');
    expect(totpCode(RFC_SECRET, seconds(1111111109))).toBe('081804');
  });

  it('read the secret in lower case, with spaces and with padding', () => {
    const written = 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq';
    expect(totpCode(written, seconds(59), 8)).toBe('94287082');
    expect(totpCode('MZXW6YQ=', seconds(59))).toBe(totpCode('mzxw6yq', seconds(59)));
  });

  it('refuse a secret with a character outside base32', () => {
    expect(() => totpCode('GEZDGNBVGY3TQOJ1', seconds(59))).toThrow(/base32/);
    expect(() => totpCode('GEZDGNBV-GY3TQOJQ', seconds(59))).toThrow(/base32/);
  });
});

describe('TOTP secrets', () => {
  it('are 160 random bits in unpadded upper-case base32', () => {
    const secrets = Array.from({ length: 50 }, newTotpSecret);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('survive a base32 round trip, however they are written down', () => {
    for (let i = 0; i < 50; i++) {
      const secret = newTotpSecret();
      expect(uriSecret(secret)).toBe(secret);
      const written = secret.toLowerCase().replace(/(.{4})/g, '$1 ');
      expect(uriSecret(written)).toBe(secret);
      expect(totpCode(written, seconds(1234567890))).toBe(totpCode(secret, seconds(1234567890)));
    }
  });

  it('decode lengths that are not a multiple of 5 bytes (RFC 4648 vectors)', () => {
    expect(uriSecret('MZXW6YTBOI======')).toBe('MZXW6YTBOI'); // "foobar"
    expect(uriSecret('MZXW6YQ=')).toBe('MZXW6YQ'); // "foob"
    expect(uriSecret('MY======')).toBe('MY'); // "f"
    expect(uriSecret('MZXQ====')).toBe('MZXQ'); // "fo"
    expect(uriSecret('MZXW6===')).toBe('MZXW6'); // "foo"
    expect(uriSecret('MZXW6YTB')).toBe('MZXW6YTB'); // "fooba"
  });
});

describe('checking a TOTP code', () => {
  const secret = newTotpSecret();
  const now = seconds(1_700_000_015); // mid-step, so ±30 s lands in the neighbouring steps
  const step = stepOf(now);
  const codeAt = (offsetSteps: number) => totpCode(secret, now + seconds(30 * offsetSteps));

  it('returns the time step of the current code', () => {
    expect(checkTotp(secret, codeAt(0), { now })).toBe(step);
  });

  it('accepts the previous and the next step, for clock drift', () => {
    expect(checkTotp(secret, codeAt(-1), { now })).toBe(step - 1);
    expect(checkTotp(secret, codeAt(1), { now })).toBe(step + 1);
  });

  it('refuses a code two steps away', () => {
    expect(checkTotp(secret, codeAt(-2), { now })).toBeUndefined();
    expect(checkTotp(secret, codeAt(2), { now })).toBeUndefined();
  });

  it('accepts only the current step with a window of 0, and two steps with a window of 2', () => {
    expect(checkTotp(secret, codeAt(-1), { now, window: 0 })).toBeUndefined();
    expect(checkTotp(secret, codeAt(0), { now, window: 0 })).toBe(step);
    expect(checkTotp(secret, codeAt(-2), { now, window: 2 })).toBe(step - 2);
  });

  it('refuses a code whose step was already used, so each code works once', () => {
    const used = checkTotp(secret, codeAt(0), { now, lastUsedStep: null });
    expect(used).toBe(step);
    expect(checkTotp(secret, codeAt(0), { now, lastUsedStep: used })).toBeUndefined();
    // An earlier code is no good either once a later one was used.
    expect(checkTotp(secret, codeAt(-1), { now, lastUsedStep: used })).toBeUndefined();
    expect(checkTotp(secret, codeAt(1), { now, lastUsedStep: used })).toBe(step + 1);
  });

  it('refuses a wrong code', () => {
    const inWindow = new Set([codeAt(-1), codeAt(0), codeAt(1)]);
    const wrong = ['000000', '111111', '222222', '333333'].find((code) => !inWindow.has(code))!;
    expect(checkTotp(secret, wrong, { now })).toBeUndefined();
  });

  it.each(['', '12345', '1234567', '12a456', ' 123456', '１２３４５６', '12345\n'])(
    'refuses the malformed code %j without throwing',
    (code) => {
      expect(checkTotp(secret, code, { now })).toBeUndefined();
    },
  );

  it('refuses a well-formed code that is 8 digits long even when its last 6 digits are right', () => {
    const eight = totpCode(secret, now, 8);
    expect(checkTotp(secret, eight, { now })).toBeUndefined();
    expect(checkTotp(secret, eight.slice(2), { now })).toBe(step);
  });
});

describe('the otpauth URI', () => {
  it('escapes the account and issuer in the label and the parameters', () => {
    const uri = otpauthUri({ secret: RFC_SECRET, account: 'ana maria@example.org', issuer: 'Civitas Registry' });
    expect(uri).toBe(
      'otpauth://totp/Civitas%20Registry:ana%20maria%40example.org' +
        `?secret=${RFC_SECRET}&issuer=Civitas%20Registry&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('escapes characters that would end the label or a parameter', () => {
    const uri = otpauthUri({ secret: RFC_SECRET, account: 'a/b?c#d&e', issuer: 'X&Y=Z' });
    const parsed = new URL(uri);
    expect(parsed.host).toBe('totp');
    expect(parsed.pathname.slice(1).split(':').map(decodeURIComponent)).toEqual(['X&Y=Z', 'a/b?c#d&e']);
    expect(parsed.hash).toBe('');
    expect(parsed.searchParams.get('issuer')).toBe('X&Y=Z');
    expect(parsed.searchParams.get('secret')).toBe(RFC_SECRET);
  });

  it('refuses a colon in the account or issuer, which the label uses as its separator', () => {
    expect(() => otpauthUri({ secret: RFC_SECRET, account: 'a:b', issuer: 'Civitas' })).toThrow(/:/);
    expect(() => otpauthUri({ secret: RFC_SECRET, account: 'ana', issuer: 'Civ:itas' })).toThrow(/:/);
  });
});

describe('the QR code', () => {
  it('is not loaded until a QR code is asked for', () => {
    expect(qrcode.loaded).toBe(false);
  });

  it('is an SVG image', async () => {
    const svg = await qrCodeSvg(otpauthUri({ secret: RFC_SECRET, account: 'ana@example.org', issuer: 'Civitas' }));
    expect(qrcode.loaded).toBe(true);
    expect(svg).toMatch(/^<svg[\s>]/);
    expect(svg).toContain('</svg>');
  });
});

describe('recovery codes', () => {
  const alphabet =
    /^[23456789abcdefghjkmnpqrstuvwxyz]{4}-[23456789abcdefghjkmnpqrstuvwxyz]{4}-[23456789abcdefghjkmnpqrstuvwxyz]{4}$/;

  it('are ten by default, unique, and three groups of four unambiguous characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(alphabet);
      expect(looksLikeRecoveryCode(code)).toBe(true);
    }
  });

  it('use every character of the alphabet and no other', () => {
    const seen = new Set(newRecoveryCodes(200).join('').replaceAll('-', ''));
    expect([...seen].sort().join('')).toBe('23456789abcdefghjkmnpqrstuvwxyz');
  });

  it('hash the same however they are typed', () => {
    expect(normaliseRecoveryCode('K7QM 2XWD 9FHR')).toBe('k7qm2xwd9fhr');
    expect(normaliseRecoveryCode('k7qm-2xwd-9fhr')).toBe('k7qm2xwd9fhr');
    expect(hashRecoveryCode('K7QM 2XWD 9FHR')).toBe(hashRecoveryCode('k7qm-2xwd-9fhr'));
    expect(hashRecoveryCode('k7qm-2xwd-9fhr')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('k7qm-2xwd-9fhs')).not.toBe(hashRecoveryCode('k7qm-2xwd-9fhr'));
  });

  it('are told apart from TOTP codes and from typos with ambiguous characters', () => {
    expect(looksLikeRecoveryCode('K7QM 2XWD 9FHR')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(looksLikeRecoveryCode('k7qm-2xwd-9fh')).toBe(false);
    expect(looksLikeRecoveryCode('k7qm-2xwd-9fhr2')).toBe(false);
    expect(looksLikeRecoveryCode('k7qm-2xwd-9f0r')).toBe(false);
    expect(looksLikeRecoveryCode('k7qm-2xwd-9flr')).toBe(false);
  });
});
