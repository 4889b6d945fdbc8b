/**
 * `civitas identity check <number>` and `civitas identity sample --count N [--vid]`: an auditor checks a number
 * against the configured rules, or inspects what the generator makes, without touching the database.
 */
import { checkUin, checkVid } from '../services/identity/numbers/check.js';
import { uniqueNumbers } from '../services/identity/numbers/generate.js';
import { uinRules, vidRules } from '../services/identity/numbers/rules.js';
import { UsageError } from './args.js';
import { configFromFlags } from './load-config.js';

/** The most numbers one `identity sample` prints. */
export const MAX_SAMPLE = 1_000_000;
/** Lines written to stdout at a time. */
const LINES_PER_WRITE = 4096;

/** Says whether `number` is a valid UIN or VID (by its length) and, if not, which rule it breaks first. Exit 1 then. */
export async function identityCheck(words: readonly string[], flags: Record<string, string>): Promise<void> {
  const [id, ...extra] = words;
  if (id === undefined || extra.length > 0) throw new UsageError('usage: civitas identity check <number>');
  const { identity } = configFromFlags(flags);
  const isVid = id.length === identity.vidLength;
  const kind = isVid ? 'VID' : 'UIN';
  const result = isVid ? checkVid(id, vidRules(identity)) : checkUin(id, uinRules(identity));
  if (result.valid) {
    console.log(`valid ${kind}`);
    return;
  }
  console.log(`not a valid ${kind}: ${result.detail} (rule: ${result.rule})`);
  process.exitCode = 1;
}

/** Prints `--count` different numbers made by the generator under the configured rules, one a line; none is issued. */
export async function identitySample(flags: Record<string, string>): Promise<void> {
  const count = Number(flags.count ?? '10');
  if (!Number.isInteger(count) || count < 1 || count > MAX_SAMPLE) {
    throw new UsageError(`--count must be a whole number from 1 to ${MAX_SAMPLE.toLocaleString('en')}`);
  }
  const vid = flags.vid !== undefined && flags.vid !== 'false';
  const { identity } = configFromFlags(flags, ['count', 'vid']);
  const numbers = uniqueNumbers(count, vid ? vidRules(identity) : uinRules(identity));

  // A reader that stops early (`| head`) closes the pipe: stop quietly then.
  let failure: NodeJS.ErrnoException | undefined;
  const onError = (error: NodeJS.ErrnoException) => (failure ??= error);
  process.stdout.on('error', onError);
  try {
    let lines: string[] = [];
    for (const id of numbers) {
      lines.push(id);
      if (lines.length === LINES_PER_WRITE) {
        if (!(await write(lines))) break;
        lines = [];
      }
    }
    if (lines.length > 0) await write(lines);
  } finally {
    process.stdout.off('error', onError);
  }
  if (failure && failure.code !== 'EPIPE') throw failure;

  async function write(batch: readonly string[]): Promise<boolean> {
    if (failure) return false;
    if (!process.stdout.write(`${batch.join('\n')}\n`)) await drained(process.stdout);
    return !failure;
  }
}

/** Resolves when `stream` can take more, or has closed or failed. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}
