/** The `civitas` command. Exit codes: 0 done, 1 failed while running, 2 wrong usage or configuration. */
import { SERVICE_NAMES } from '../config/schema.js';
import { NoServicesError } from '../no-services-error.js';
import { VERSION } from '../version.js';
import { parseArgs, UsageError } from './args.js';

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
         [--nicknames <names.csv>]
                           the same people entered twice in a file (or, with --link, in two files), without labels;
                           kinds: name, date, text, code, id, ignore (inferred from the header and values when not given);
                           --nicknames: a CSV of name,nickname rows (Margaret,Peggy) compared as names that sound alike
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
  // Each command's module is loaded when it is asked for: `civitas dedupe` need not load the server, its database
  // drivers and every service (the bundle splits them into chunks; half a second of a 5,000-record run).
  if (command === 'serve') return (await import('./serve.js')).serve(flags);
  if (command === 'migrate') return (await import('./migrate.js')).migrateCommand(flags);
  if (command === 'config' && sub === 'check') return (await import('./config-commands.js')).configCheck(flags);
  if (command === 'auth' && sub === 'rotate-keys') return (await import('./auth.js')).rotateKeys(flags);
  if (command === 'events' && sub === 'dead-letters') return (await import('./events.js')).listDeadLetters(flags);
  if (command === 'events' && sub === 'retry') return (await import('./events.js')).retryDeadLetters(rest, flags);
  if (command === 'docs' && sub === 'config') {
    return void process.stdout.write((await import('./docs.js')).configurationPage());
  }
  if (command === 'docs' && sub === 'errors')
    return void process.stdout.write(await (await import('./docs.js')).errorsPage());
  if (command === 'config' && sub === 'import') return (await import('./config-commands.js')).configImport(rest, flags);
  if (command === 'audit' && sub === 'verify') return (await import('./audit.js')).auditVerify(flags);
  if (command === 'import' && sub === 'records')
    return (await import('./import-records.js')).importRecords(rest, flags);
  if (command === 'identity' && sub === 'check') return (await import('./identity.js')).identityCheck(rest, flags);
  if (command === 'identity' && sub === 'sample') return (await import('./identity.js')).identitySample(flags);
  if (command === 'search' && sub === 'reindex') return (await import('./search.js')).searchReindex(flags);
  if (command === 'search' && sub === 'fit') return (await import('./search.js')).searchFit(flags);
  if (command === 'statistics' && sub === 'rebuild') return (await import('./statistics.js')).statisticsRebuild(flags);
  if (command === 'generate' && sub === 'population') {
    return (await import('./generate.js')).generatePopulationCommand(rest, flags);
  }
  if (command === 'cluster' && sub === 'status') return (await import('./cluster.js')).clusterStatusCommand(flags);
  if (command === 'dedupe') return (await import('./dedupe.js')).dedupe(words.slice(1), flags);
  if (command === 'deploy') return (await import('./deploy.js')).deployCommand(words.slice(1), flags);
  if (command === 'backup') return (await import('./backup.js')).backupCommand(flags);
  if (command === 'restore') return (await import('./backup.js')).restoreCommand(words.slice(1), flags);
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
