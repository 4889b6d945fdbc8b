import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { TestDatabaseLocation } from './database.js';

/** A configuration for an in-process test: the given flags on top of test defaults, no config file, no environment. */
export function testConfig(location: TestDatabaseLocation, flags: Record<string, string> = {}): Config {
  const result = loadConfig({
    env: {},
    cwd: location.dataDir,
    flags: {
      env: 'test',
      'http.port': '0',
      'http.host': '127.0.0.1',
      dataDir: location.dataDir,
      'log.level': 'silent',
      'outbox.pollIntervalMs': '200',
      ...(location.url ? { 'database.url': location.url } : {}),
      ...flags,
    },
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}
