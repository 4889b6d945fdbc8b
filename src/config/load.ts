/**
 * Reads the configuration once: defaults < config file < environment < flags. Every problem is listed together, and
 * the result is deeply frozen.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { CONFIG_KEYS, findKey, type ConfigKey } from './keys.js';
import { Config, SERVICE_NAMES } from './schema.js';

/** The built-in development secret: public, so refused outside development mode. */
export const DEVELOPMENT_SECRET_KEY = 'civitas-development-secret-key-not-for-production';

const DEFAULT_CONFIG_FILES = ['civitas.yaml', 'civitas.yml', 'civitas.json'];

export interface LoadConfigInput {
  /** Values from command-line flags, by key path (`http.port`) or alias (`port`, `services`). */
  readonly flags?: Readonly<Record<string, string>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Path of the config file; otherwise `CIVITAS_CONFIG`, otherwise civitas.yaml in cwd when present. */
  readonly configFile?: string;
}

export type LoadConfigResult =
  | { readonly ok: true; readonly config: Config; readonly sources: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly problems: readonly string[] };

const FLAG_ALIASES: Record<string, string> = {
  port: 'http.port',
  host: 'http.host',
  'data-dir': 'dataDir',
  'database-url': 'database.url',
  'nats-url': 'nats.url',
  'log-level': 'log.level',
};

export function loadConfig(input: LoadConfigInput = {}): LoadConfigResult {
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const problems: string[] = [];
  const sources = new Map<string, string>();
  const raw: Record<string, unknown> = {};

  const file = readConfigFile(input.configFile ?? env.CIVITAS_CONFIG, cwd, problems);
  if (file) {
    Object.assign(raw, file.values);
    for (const key of CONFIG_KEYS) if (getPath(raw, key.path) !== undefined) sources.set(key.path, file.path);
  }

  for (const key of CONFIG_KEYS) {
    const name = key.env.find((candidate) => env[candidate] !== undefined && env[candidate] !== '');
    if (!name) continue;
    setPath(raw, key.path, fromString(key, env[name] as string));
    sources.set(key.path, `environment ${name}`);
  }

  for (const [flag, value] of Object.entries(input.flags ?? {})) {
    const key = findKey(FLAG_ALIASES[flag] ?? flag);
    if (!key) {
      problems.push(`--${flag}: unknown option`);
      continue;
    }
    setPath(raw, key.path, fromString(key, value));
    sources.set(key.path, `flag --${flag}`);
  }

  if (Array.isArray(raw.services) && raw.services.includes('all')) raw.services = [...SERVICE_NAMES];
  if (raw.services === 'all') raw.services = [...SERVICE_NAMES];

  const parsed = Config.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const from = sources.get(path) ?? sources.get(String(issue.path[0]));
      problems.push(`${path || '(root)'}: ${issue.message}${from ? ` (from ${from})` : ''}`);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };

  const config = parsed.data;
  if (config.env === 'production') {
    if (!config.secretKey) problems.push(`secretKey: required outside development mode (set CIVITAS_SECRET_KEY)`);
    else if (config.secretKey === DEVELOPMENT_SECRET_KEY)
      problems.push('secretKey: the built-in development secret cannot be used in production');
    if (config.auth.developmentCode !== undefined) {
      problems.push('auth.developmentCode: a fixed sign-in code is allowed in development mode only');
    }
    if (config.services.includes('notify')) {
      // In production a message written to a folder reaches nobody: say so at start, not when a citizen waits.
      if (config.notify.email.provider === 'development')
        problems.push('notify.email.provider: development writes e-mail to a folder; choose smtp in production');
      if (config.notify.sms.provider === 'development')
        problems.push('notify.sms.provider: development writes SMS to a folder; choose http in production');
    }
  } else {
    config.secretKey ??= DEVELOPMENT_SECRET_KEY;
  }
  config.services = [...new Set(config.services)];
  config.seed.enabled ??= config.env === 'development';
  if (config.env === 'development') config.auth.developmentCode ??= '000000';
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: deepFreeze(config), sources };
}

function readConfigFile(
  named: string | undefined,
  cwd: string,
  problems: string[],
): { path: string; values: Record<string, unknown> } | undefined {
  const path = named
    ? resolve(cwd, named)
    : DEFAULT_CONFIG_FILES.map((name) => resolve(cwd, name)).find((candidate) => existsSync(candidate));
  if (!path) return undefined;
  if (!existsSync(path)) {
    problems.push(`config file ${path}: not found`);
    return undefined;
  }
  try {
    // Loaded only when there is a file to read (it is most of the cost of reading the configuration).
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    const values: unknown = parse(readFileSync(path, 'utf8')) ?? {};
    if (typeof values !== 'object' || Array.isArray(values)) {
      problems.push(`config file ${path}: must hold a mapping of keys to values`);
      return undefined;
    }
    return { path, values: values as Record<string, unknown> };
  } catch (error) {
    problems.push(`config file ${path}: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** Environment variables and flags are strings; the schema's kind of each key says how to read them. */
function fromString(key: ConfigKey, value: string): unknown {
  const text = value.trim();
  switch (key.kind) {
    case 'string':
      return text;
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      return text;
    case 'string-list':
      return splitList(text);
    case 'number-list':
      return splitList(text).map((item) => (/^\d+$/.test(item) ? Number(item) : item));
  }
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function getPath(target: Record<string, unknown>, path: string): unknown {
  let current: unknown = target;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts.at(-1) as string] = value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
