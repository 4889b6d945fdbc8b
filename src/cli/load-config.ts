import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { UsageError } from './args.js';

/** Reads the configuration for a command; flags that are the command's own are left out. */
export function configFromFlags(flags: Record<string, string>, own: readonly string[] = []): Config {
  const { config: file, help: _help, json: _json, ...rest } = flags;
  const keyFlags = Object.fromEntries(Object.entries(rest).filter(([name]) => !own.includes(name)));
  const result = loadConfig({ flags: keyFlags, configFile: file });
  if (!result.ok)
    throw new UsageError(
      `The configuration has ${result.problems.length} problem(s):\n  ${result.problems.join('\n  ')}`,
    );
  return result.config;
}
