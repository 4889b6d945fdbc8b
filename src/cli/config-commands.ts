/** `civitas config check | docs | import <folder>` */
import { resolve } from 'node:path';
import { maskSecrets } from '../config/mask.js';
import { migrate } from '../core/db/migrate.js';
import { openDatabase } from '../core/db/open.js';
import { CountryImportError, configDb, importCountryFolder, type ImportCounts } from '../services/config/api.js';
import { loadServices } from '../services/index.js';
import { UsageError } from './args.js';
import { configFromFlags } from './load-config.js';

export async function configCheck(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags);
  console.log(JSON.stringify(maskSecrets(config), null, 2));
  if (config.services.length === 0) {
    console.log(
      '\nNote: no services are named; `civitas serve` needs --services, CIVITAS_SERVICES or services: in a file.',
    );
  }
}

export async function configImport(words: string[], flags: Record<string, string>): Promise<void> {
  const folder = words[0];
  if (!folder) {
    throw new UsageError(
      'usage: civitas config import <folder>   (the folder holds areas.csv and, optionally, offices.csv)',
    );
  }
  const config = configFromFlags(flags);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const [configService] = await loadServices(['config']);
    await migrate(database.root, [{ schema: 'config', migrations: configService!.migrations }]);
    const db = configDb(database);
    const summary = await importCountryFolder({ db }, resolve(folder), 'cli-import');
    console.log(countsLine('areas', summary.areas));
    console.log(countsLine('offices', summary.offices));
  } catch (error) {
    if (error instanceof CountryImportError) {
      throw new UsageError(`Nothing was imported. ${error.problems.length} problem(s):\n${error.problems.join('\n')}`);
    }
    throw error;
  } finally {
    await database.close();
  }
}

function countsLine(kind: string, counts: ImportCounts): string {
  return `${kind}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`;
}
