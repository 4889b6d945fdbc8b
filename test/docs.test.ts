/** The reference pages in docs/ are generated; this fails when a key or an error code changed without them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationPage, errorsPage } from '../src/cli/docs.js';

const read = (name: string) => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');

describe('generated docs', () => {
  it('docs/configuration.md lists every configuration key (regenerate: civitas docs config > docs/configuration.md)', () => {
    expect(read('configuration.md')).toBe(configurationPage());
  });

  it('docs/errors.md lists every error code (regenerate: civitas docs errors > docs/errors.md)', async () => {
    expect(read('errors.md')).toBe(await errorsPage());
  });
});
