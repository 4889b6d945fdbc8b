/** Copies of the configuration that are safe to print: secrets replaced, a URL keeps all but its password. */
import { SECRET_KEYS, type Config } from './schema.js';

export const MASK = '********';

export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = MASK;
    return parsed.toString();
  } catch {
    return MASK;
  }
}

export function maskSecrets(config: Config): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of SECRET_KEYS) {
    const parts = path.split('.');
    let parent = copy;
    for (const part of parts.slice(0, -1)) parent = (parent[part] ?? {}) as Record<string, unknown>;
    const leaf = parts.at(-1) as string;
    const value = parent[leaf];
    if (typeof value !== 'string') continue;
    parent[leaf] = /^[a-z]+:\/\//.test(value) ? maskUrl(value) : MASK;
  }
  return copy;
}
