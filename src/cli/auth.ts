/** `civitas auth rotate-keys`: a new token signing key now; running servers take it within a minute. */
import { migrate } from '../core/db/migrate.js';
import { openDatabase } from '../core/db/open.js';
import { authDb, rotateSigningKey } from '../services/auth/api.js';
import { loadServices } from '../services/index.js';
import { configFromFlags } from './load-config.js';

export async function rotateKeys(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const [auth] = await loadServices(['auth']);
    await migrate(database.root, [{ schema: 'auth', migrations: auth!.migrations }]);
    const kid = await rotateSigningKey(authDb(database), config.secretKey!);
    console.log(`new signing key ${kid}; tokens signed with the previous keys stay valid until they expire`);
  } finally {
    await database.close();
  }
}
