/** Splits `civitas <command...> --flag value --flag=value` into words and flags. */
export interface ParsedArgs {
  readonly words: string[];
  readonly flags: Record<string, string>;
}

/** Flags that take no value. */
const SWITCHES = new Set(['help', 'version', 'json', 'all', 'vid', 'force', 'fresh', 'keep']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '-h') {
      flags.help = 'true';
      continue;
    }
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const body = arg.slice(2);
    const equals = body.indexOf('=');
    if (equals >= 0) {
      flags[body.slice(0, equals)] = body.slice(equals + 1);
    } else if (SWITCHES.has(body)) {
      flags[body] = 'true';
    } else {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${body} needs a value`);
      flags[body] = value;
      index += 1;
    }
  }
  return { words, flags };
}

export class UsageError extends Error {}
