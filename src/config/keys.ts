/**
 * The flat list of configuration keys, derived from the schema: their path, environment variable, kind and
 * description. The loader uses it to turn strings (environment, flags) into typed values; `civitas config docs`
 * prints it.
 */
import type { z } from 'zod';
import { Config } from './schema.js';

export type KeyKind = 'string' | 'number' | 'boolean' | 'string-list' | 'number-list';

export interface ConfigKey {
  readonly path: string;
  readonly env: readonly string[];
  readonly kind: KeyKind;
  readonly description: string;
  readonly defaultValue: unknown;
}

/** Conventional names that deployment tools already set, accepted beside the CIVITAS_* ones. */
const ENV_ALIASES: Record<string, string[]> = {
  'database.url': ['DATABASE_URL'],
  'database.poolSize': ['DATABASE_POOL_SIZE'],
  'nats.url': ['NATS_URL'],
  'nats.token': ['NATS_TOKEN'],
  'http.port': ['PORT'],
  'log.level': ['LOG_LEVEL'],
};

/** `http.bodyLimitBytes` → `CIVITAS_HTTP_BODY_LIMIT_BYTES` */
export function envNameOf(path: string): string {
  return (
    'CIVITAS_' +
    path
      .replace(/\./g, '_')
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toUpperCase()
  );
}

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

function unwrap(schema: AnySchema): { inner: AnySchema; defaultValue: unknown; description?: string } {
  let current = schema;
  let defaultValue: unknown;
  let description = schema.description;
  for (;;) {
    const def = current._zod.def;
    if (def.type === 'default') {
      const value = def.defaultValue;
      defaultValue = typeof value === 'function' ? (value as () => unknown)() : value;
    } else if (def.type !== 'optional' && def.type !== 'prefault') break;
    current = def.innerType as AnySchema;
    description ??= current.description;
  }
  return { inner: current, defaultValue, description };
}

function kindOf(schema: AnySchema): KeyKind {
  const type = schema._zod.def.type;
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') {
    const element = unwrap(schema._zod.def.element as AnySchema).inner;
    return element._zod.def.type === 'number' ? 'number-list' : 'string-list';
  }
  return 'string';
}

function collect(schema: AnySchema, prefix: string, out: ConfigKey[]): void {
  const { inner, defaultValue, description } = unwrap(schema);
  if (inner._zod.def.type === 'object') {
    const shape = (inner as unknown as z.ZodObject).shape as Record<string, AnySchema>;
    for (const [key, child] of Object.entries(shape)) collect(child, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  out.push({
    path: prefix,
    env: [envNameOf(prefix), ...(ENV_ALIASES[prefix] ?? [])],
    kind: kindOf(inner),
    description: description ?? '',
    defaultValue,
  });
}

export const CONFIG_KEYS: readonly ConfigKey[] = Object.freeze(
  (() => {
    const keys: ConfigKey[] = [];
    collect(Config as unknown as AnySchema, '', keys);
    return keys;
  })(),
);

export function findKey(path: string): ConfigKey | undefined {
  return CONFIG_KEYS.find((key) => key.path === path);
}
