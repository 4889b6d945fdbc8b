/** The `civitas` command. Exit codes: 0 done, 1 failed while running, 2 wrong usage or configuration. */
import { SERVICE_NAMES } from '../config/schema.js';
import { NoServicesError, VERSION } from '../main.js';
import { parseArgs, UsageError } from './args.js';
import { auditVerify } from './audit.js';
import { backupCommand, restoreCommand } from './backup.js';
import { clusterStatusCommand } from './cluster.js';
import { importRecords } from './import-records.js';
import { configCheck, configImport } from './config-commands.js';
import { configurationPage, errorsPage } from './docs.js';
import { dedupe } from './dedupe.js';
import { deployCommand } from './deploy.js';
import { rotateKeys } from './auth.js';
import { listDeadLetters, retryDeadLetters } from './events.js';
import { generatePopulationCommand } from './generate.js';
import { identityCheck, identitySample } from './identity.js';
import { migrateCommand } from './migrate.js';
import { searchFit, searchReindex } from './search.js';
import { statisticsRebuild } from './statistics.js';
import { serve } from './serve.js';

const HELP = `civitas: civil registration, national identity and data exchange

Usage: civitas <command> [options]    civitas --version

Commands:
  serve                    run the services named by --services (or CIVITAS_SERVICES, or services: in civitas.yaml)
  migrate                  apply database migrations of the named services (all when none are named), then exit
  config check             print the effective configuration, secrets masked, or every problem in it
  auth rotate-keys         a new token signing key now (also on a schedule: auth.keyRotationDays); nobody is logged out
  events dead-letters      list the events consumers set aside after their last attempt, with why
  events retry <id>|--all  hand dead letters to their consumer again; those handled leave the list
  docs config | errors     print the configuration keys or the error codes as Markdown (docs/*.md)
  import records <file.csv> --event <type>
                           load a legacy register as registered records (checked first, resumable, idempotent)
  audit verify             seal, then check the hash chain of each service's audit log (--service <name>: one)
  config import <folder>   load a country folder (areas, offices, facilities, users .csv; events/*.yaml); all or nothing
  identity check <number>  whether a UIN or VID (told apart by length) follows the configured rules; if not, the first
                           rule it breaks (exit 1)
  identity sample --count N [--vid]
                           N different UINs (or VIDs) made by the generator under the configured rules, one a line;
                           none is issued (N up to 1,000,000)
  search reindex [--fresh] rebuild the search index from the registry's records (resumes a run cut off; --fresh
                           empties it first), then fit the duplicate models
  search fit [--event <type>]
                           fit the duplicate models again from the indexed records (also done in the background)
  statistics rebuild       fill the statistics from the registry's registered records (for a metrics service added
                           later; safe to run again and while civitas serves)
  dedupe <input.csv> --id <column> --out <pairs.csv> [--link <second.csv>] [--fields <col:kind,...>] [--threshold <0..1>]
                           the same people entered twice in a file (or, with --link, in two files), without labels;
                           kinds: name, date, text, code, id, ignore (inferred from the header and values when not given)
  deploy render --inventory <nodes.yaml> --out <folder> [--set name=value,...] [--force]
                           every node's configuration for HA or scaled mode (civitas, Patroni, etcd, NATS, systemd),
                           HAProxy's, and scripts for certificates and secrets (deploy/ha/README.md)
  cluster status [--patroni <url,...>] [--json]
                           each node and its services, the database primary and standby lag, NATS stream replicas and
                           consumer backlog, outboxes; exit 1 when something needs an operator
  generate population --count N [--seed S] [--duplicates 0.1] [--twins 0.015] [--out file.csv]
                           a synthetic birth register as CSV (families, twins, duplicates with typical mistakes;
                           person_id is the truth), the same bytes for the same seed; --country <folder> for districts
  backup --out <file> [--services <list>]
                           a consistent backup of every service schema (or those listed) and the document files
  restore <file> [--force] load a backup into an empty database (--force: over the Civitas data it holds); all or nothing

Options:
  --services <list>        e.g. registry,search, or all. Services: ${SERVICE_NAMES.join(', ')}
  --config <file>          configuration file (YAML or JSON); default civitas.yaml when present
  --<key> <value>          any configuration key, e.g. --http.port 9000, --database.url postgres://...
  --port, --data-dir, --database-url, --nats-url, --log-level   short forms of common keys
`;

async function run(argv: readonly string[]): Promise<void> {
  const { words, flags } = parseArgs(argv);
  const [command, sub, ...rest] = words;
  if (command === 'version' || (flags.version && !command)) {
    console.log(`civitas ${VERSION}`);
    return;
  }
  if (!command || command === 'help' || flags.help) {
    console.log(HELP);
    return;
  }
  if (command === 'serve') return serve(flags);
  if (command === 'migrate') return migrateCommand(flags);
  if (command === 'config' && sub === 'check') return configCheck(flags);
  if (command === 'auth' && sub === 'rotate-keys') return rotateKeys(flags);
  if (command === 'events' && sub === 'dead-letters') return listDeadLetters(flags);
  if (command === 'events' && sub === 'retry') return retryDeadLetters(rest, flags);
  if (command === 'docs' && sub === 'config') return void process.stdout.write(configurationPage());
  if (command === 'docs' && sub === 'errors') return void process.stdout.write(await errorsPage());
  if (command === 'config' && sub === 'import') return configImport(rest, flags);
  if (command === 'audit' && sub === 'verify') return auditVerify(flags);
  if (command === 'import' && sub === 'records') return importRecords(rest, flags);
  if (command === 'identity' && sub === 'check') return identityCheck(rest, flags);
  if (command === 'identity' && sub === 'sample') return identitySample(flags);
  if (command === 'search' && sub === 'reindex') return searchReindex(flags);
  if (command === 'search' && sub === 'fit') return searchFit(flags);
  if (command === 'statistics' && sub === 'rebuild') return statisticsRebuild(flags);
  if (command === 'generate' && sub === 'population') return generatePopulationCommand(rest, flags);
  if (command === 'cluster' && sub === 'status') return clusterStatusCommand(flags);
  if (command === 'dedupe') return dedupe(words.slice(1), flags);
  if (command === 'deploy') return deployCommand(words.slice(1), flags);
  if (command === 'backup') return backupCommand(flags);
  if (command === 'restore') return restoreCommand(words.slice(1), flags);
  throw new UsageError(`unknown command: ${words.join(' ')}\n\n${HELP}`);
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof NoServicesError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`civitas: ${(error as Error).message}`);
  process.exit(1);
});
