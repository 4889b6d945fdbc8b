/**
 * The development provider: each message becomes a JSON file in a folder (dataDir/notify-outbox), where a developer
 * or a test reads it. Refused in production by the configuration check.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Provider } from './provider.js';

export function developmentProvider(folder: string): Provider {
  return {
    name: 'development',
    async send(message) {
      await mkdir(folder, { recursive: true });
      await writeFile(
        join(folder, `${message.id}.json`),
        JSON.stringify({ ...message, at: new Date().toISOString() }, null, 2),
      );
      return { providerMessageId: `file:${message.id}.json` };
    },
  };
}
