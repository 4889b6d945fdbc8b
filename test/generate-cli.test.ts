/**
 * `civitas generate population`: the command's function called directly (bin/civitas.js bundles src/cli/main.ts,
 * which routes to it), writing to a temporary file: same seed, same bytes; the count asked for; wrong flags are
 * usage errors that write nothing.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../src/cli/args.js';
import { generatePopulationCommand } from '../src/cli/generate.js';

const folder = mkdtempSync(join(tmpdir(), 'civitas-generate-'));
const country = join(import.meta.dirname, '..', 'countries', 'demo');

describe('civitas generate population', () => {
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('writes the count asked for as CSV, the same bytes for the same seed and others for another', async () => {
    const run = async (name: string, seed: string) => {
      const out = join(folder, name);
      await generatePopulationCommand([], { count: '2500', seed, country, out });
      return readFileSync(out, 'utf8');
    };
    const first = await run('a.csv', '7');
    const again = await run('b.csv', '7');
    const other = await run('c.csv', '8');
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    const lines = first.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^record_id,person_id,child_given_names,/);
    expect(lines).toHaveLength(2501);
    const personIds = lines.slice(1).map((line) => line.split(',')[1]);
    expect(new Set(personIds).size).toBeLessThan(2500);
    expect(console.log).toHaveBeenCalledWith(expect.stringMatching(/^records: 2500 \(duplicates: \d+, twins: \d+\)/));
  });

  it('reports progress on stderr every 100,000 records', async () => {
    await generatePopulationCommand([], { count: '100000', country, out: join(folder, 'big.csv'), duplicates: '0' });
    expect(process.stderr.write).toHaveBeenCalledWith('generate: 100000 of 100000 records\n');
  });

  it('refuses bad numbers and unknown flags with a usage error, and writes nothing', async () => {
    const out = join(folder, 'never.csv');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ out }, /--count: say how many/],
      [{ count: 'ten', out }, /--count: give a whole number/],
      [{ count: '0', out }, /--count: give a whole number/],
      [{ count: '1.5', out }, /--count: give a whole number/],
      [{ count: '10', duplicates: '1.2', out }, /--duplicates: give a share from 0 to 1/],
      [{ count: '10', twins: 'many', out }, /--twins: give a share/],
      [{ count: '10', 'reference-date': '2026-02-30', out }, /--reference-date/],
      [{ count: '10', country: join(folder, 'nowhere'), out }, /--country: .*areas.csv: cannot be read/],
      [{ count: '10', colour: 'red', out }, /unknown option --colour/],
    ];
    for (const [flags, message] of cases) {
      const failure = generatePopulationCommand([], { country, ...flags });
      await expect(failure).rejects.toThrow(UsageError);
      await expect(failure).rejects.toThrow(message);
    }
    await expect(generatePopulationCommand(['extra'], { count: '1', out })).rejects.toThrow(/unexpected extra/);
    expect(existsSync(out)).toBe(false);
  });
});
