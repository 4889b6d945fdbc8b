import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCertificateCode, signCertificateCode, verificationUrl, verifyCertificateSignature } from './code.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { kid: 'kid-1', privateKey };
const claims = {
  eventType: 'birth',
  registrationNumber: 'B2026-CEN-IBO-000001',
  registeredOn: '2026-03-04',
  office: 'OFF-IBO',
  recordId: '01a21635-2c6d-7001-a134-ebe84e8d1520',
};

describe('certificate codes', () => {
  it('reads back what was signed, and the signature holds with the public key only', () => {
    const code = signCertificateCode(key, claims);
    expect(code).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    const read = readCertificateCode(code);
    expect(read).toMatchObject({ ok: true, kid: 'kid-1', claims });
    expect(read.ok && verifyCertificateSignature(read, publicKey)).toBe(true);
  });

  it('carries no office when the registrar had none', () => {
    const read = readCertificateCode(signCertificateCode(key, { ...claims, office: null }));
    expect(read.ok && read.claims.office).toBeNull();
  });

  it('never verifies a code with any one character changed', () => {
    const code = signCertificateCode(key, claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let at = 0; at < code.length; at++) {
      if (code[at] === '.') continue;
      for (const replacement of [alphabet[(alphabet.indexOf(code[at]!) + 1) % 64]!, '=']) {
        const changed = code.slice(0, at) + replacement + code.slice(at + 1);
        const read = readCertificateCode(changed);
        expect(read.ok && verifyCertificateSignature(read, publicKey), `position ${at}`).toBe(false);
      }
    }
  });

  it('tells a code that is not one from one that was altered', () => {
    expect(readCertificateCode('hello')).toEqual({ ok: false, reason: 'malformed' });
    expect(readCertificateCode('a.b.c')).toEqual({ ok: false, reason: 'malformed' });
    const [, signature] = signCertificateCode(key, claims).split('.');
    // Well-formed, signed-looking, but no genuine payload reads like this.
    expect(readCertificateCode(`${Buffer.from('{"v":2}').toString('base64url')}.${signature}`)).toEqual({
      ok: false,
      reason: 'tampered',
    });
    expect(readCertificateCode(`${Buffer.from('not json').toString('base64url')}.${signature}`)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('refuses a signature written in a non-canonical way, so a code has one spelling', () => {
    const code = signCertificateCode(key, claims);
    // 64 bytes take 86 characters; the last one carries 2 bits and 4 unused ones that must be zero.
    const last = code.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBits = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(readCertificateCode(code.slice(0, -1) + sameBits)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('does not verify with another key', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    const read = readCertificateCode(signCertificateCode(key, claims));
    expect(read.ok && verifyCertificateSignature(read, other)).toBe(false);
  });

  it('makes the verification address from a base with or without a trailing slash', () => {
    expect(verificationUrl('https://civitas.example.org/', 'abc.def')).toBe(
      'https://civitas.example.org/verify/abc.def',
    );
  });
});
