/** The `civitas` command itself: its version, its help, and a clear word on a command it does not know. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCivitas } from './helpers/process.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('civitas', () => {
  it('--version and version print the version', async () => {
    for (const args of [['--version'], ['version']]) {
      expect(await runCivitas(args)).toMatchObject({ code: 0, stdout: `civitas ${version}\n` });
    }
  });

  it('an unknown command is a usage error (exit 2) that shows the commands', async () => {
    const result = await runCivitas(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command: frobnicate');
    expect(result.stderr).toContain('search reindex');
  });
});
