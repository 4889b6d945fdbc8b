/** Setting up data for the browser tests through the server's API (faster than clicking): sign in, declare, register. */
import { birthDeclaration } from '../helpers/records.js';
import { DEMO_PASSWORD } from './app-steps.js';

export type Call = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Signs a demo user in with the development code; answers a function that calls the API as them. */
export async function apiAs(url: string, username: string): Promise<Call> {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const { challengeId } = await post('/auth/login', { username, password: DEMO_PASSWORD });
  const { accessToken } = await post('/auth/verify', { challengeId, code: '000000' });
  return async (method, path, body) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${String(accessToken)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
}

export interface BirthOptions {
  readonly firstNames: string;
  readonly familyName: string;
  readonly motherFirstNames?: string;
  readonly birthDate?: string;
  readonly area?: string;
}

/** Declared by `declarer`; registered too when a `registrar` is given (on-time births only). */
export async function declareBirth(
  declarer: Call,
  birth: BirthOptions,
  registrar?: Call,
): Promise<{ id: string; trackingId: string }> {
  const base = birthDeclaration(birth.area ?? 'CEN-IBO', birth.birthDate);
  const data = {
    ...base,
    child: { ...base.child, firstNames: birth.firstNames, familyName: birth.familyName },
    mother: { ...base.mother, firstNames: birth.motherFirstNames ?? 'Grace', familyName: birth.familyName },
  };
  const { id } = await declarer('POST', '/records', { eventType: 'birth' });
  const declared = await declarer('POST', `/records/${String(id)}/declare`, { version: 1, data });
  if (registrar) await registrar('POST', `/records/${String(id)}/register`, { version: 2 });
  return { id: String(id), trackingId: String(declared.trackingId) };
}
