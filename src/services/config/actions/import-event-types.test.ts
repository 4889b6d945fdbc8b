import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import type { Database } from '../../../core/db/open.js';
import { parseEventTypeDefinition, type EventTypeDefinition } from '../../../core/forms/index.js';
import configService from '../index.js';
import { allEventTypeVersions, configDb, countAreas, findEventType, type ConfigDb } from '../repository.js';
import { importCountryFolder } from '../seed.js';
import { contentHash } from './import-event-types.js';

const DEMO = fileURLToPath(new URL('../../../../countries/demo', import.meta.url));

describe('importing event types with the country folder', () => {
  let database: Database;
  let db: ConfigDb;
  let folder: string;
  beforeEach(async () => {
    database = await openTestDatabase();
    await migrate(database.root, [{ schema: 'config', migrations: configService.migrations }]);
    db = configDb(database);
    folder = mkdtempSync(join(tmpdir(), 'civitas-country-'));
    cpSync(DEMO, folder, { recursive: true });
  });
  afterEach(async () => {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const birthFile = () => join(folder, 'events', 'birth.yaml');
  const editBirth = (edit: (text: string) => string) =>
    writeFileSync(birthFile(), edit(readFileSync(birthFile(), 'utf8')));
  const relabel = (text: string) =>
    text.replace('label: { en: Birth, fr: Naissance }', 'label: { en: Births, fr: Naissances }');
  const raise = (version: number) => (text: string) => text.replace(/^version: \d+$/m, `version: ${version}`);
  const importFolder = () => importCountryFolder({ db }, folder, 'test');
  const published = () =>
    db
      .selectFrom('outbox')
      .select(['type', 'version', 'subject', 'data'])
      .where('type', '=', 'config.event-type.published')
      .orderBy('position')
      .execute();
  const outboxSize = async () => (await db.selectFrom('outbox').select('id').execute()).length;

  it('publishes each event type of the demo folder once, with an event in the config outbox', async () => {
    const first = await importCountryFolder({ db }, DEMO, 'test');
    expect(first.eventTypes).toEqual({ published: 3, unchanged: 0 });
    expect(await allEventTypeVersions(db)).toEqual([
      { id: 'birth', version: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { id: 'death', version: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { id: 'marriage', version: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    const events = await published();
    expect(events.map((event) => [event.version, event.subject])).toEqual([
      [1, 'birth@1'],
      [1, 'death@1'],
      [1, 'marriage@1'],
    ]);
    const birth = parse(readFileSync(join(DEMO, 'events', 'birth.yaml'), 'utf8'));
    expect(events[0]!.data).toEqual({ id: 'birth', version: 1, definition: birth });
    expect(await findEventType(db, 'birth')).toEqual(birth);

    const before = await outboxSize();
    expect((await importCountryFolder({ db }, DEMO, 'test')).eventTypes).toEqual({ published: 0, unchanged: 3 });
    expect(await outboxSize()).toBe(before);
  });

  it('refuses a changed definition that keeps its version, writing nothing of the folder, not even areas', async () => {
    await importFolder();
    const before = { areas: await countAreas(db), events: await outboxSize() };
    writeFileSync(
      join(folder, 'areas.csv'),
      `${readFileSync(join(folder, 'areas.csv'), 'utf8')}NEW,New Province,province,\n`,
    );
    editBirth(relabel);
    await expect(importFolder()).rejects.toMatchObject({
      problems: [
        `${birthFile()}:5: version: birth version 1 is published already with other content; raise \`version\` to publish a change`,
      ],
    });
    expect({ areas: await countAreas(db), events: await outboxSize() }).toEqual(before);
    expect((await findEventType(db, 'birth'))?.label).toEqual({ en: 'Birth', fr: 'Naissance' });
  });

  it('publishes a raised version and keeps the earlier one, which records declared with it are read with', async () => {
    await importFolder();
    editBirth((text) => raise(2)(relabel(text)));
    expect((await importFolder()).eventTypes).toEqual({ published: 1, unchanged: 2 });
    expect((await published()).map((event) => event.subject)).toEqual(['birth@1', 'death@1', 'marriage@1', 'birth@2']);
    expect((await findEventType(db, 'birth'))?.label).toEqual({ en: 'Births', fr: 'Naissances' });
    expect(await findEventType(db, 'birth', 1)).toMatchObject({ version: 1, label: { en: 'Birth', fr: 'Naissance' } });
    expect(await findEventType(db, 'birth', 3)).toBeUndefined();
  });

  it('refuses a version lower than the latest published, even one stored unchanged', async () => {
    await importFolder();
    const original = readFileSync(birthFile(), 'utf8');
    editBirth(raise(2));
    await importFolder();
    writeFileSync(birthFile(), original);
    await expect(importFolder()).rejects.toMatchObject({
      problems: [
        `${birthFile()}:5: version: birth version 1 is lower than version 2, published already; the file must hold the latest version or a new one`,
      ],
    });
  });

  it('reports a broken file with its line and the problems of the other files, writing nothing', async () => {
    writeFileSync(
      join(folder, 'events', 'adoption.yaml'),
      'id: adoption\nversion: 1\nlabel: { en: Adoption\nform: x\n',
    );
    writeFileSync(join(folder, 'offices.csv'), 'code,name,area_code\nOFF-X,,CEN\n');
    await expect(importFolder()).rejects.toMatchObject({
      problems: [
        `${join(folder, 'offices.csv')}:2: name: is required`,
        `${join(folder, 'events', 'adoption.yaml')}:4: Flow map in block collection must be sufficiently indented and end with a }`,
      ],
    });
    expect(await countAreas(db)).toBe(0);
    expect(await outboxSize()).toBe(0);
  });

  it('refuses two files that define the same event type', async () => {
    cpSync(birthFile(), join(folder, 'events', 'birth-copy.yml'));
    await expect(importFolder()).rejects.toMatchObject({
      problems: [`${birthFile()}:4: id: birth is defined in ${join(folder, 'events', 'birth-copy.yml')} already`],
    });
    expect(await outboxSize()).toBe(0);
  });

  it('ignores other files of the events folder, and a country without one', async () => {
    writeFileSync(join(folder, 'events', 'README.md'), '# not a definition\n');
    expect((await importFolder()).eventTypes).toEqual({ published: 3, unchanged: 0 });
    rmSync(join(folder, 'events'), { recursive: true });
    expect((await importFolder()).eventTypes).toEqual({ published: 0, unchanged: 0 });
    expect(await allEventTypeVersions(db)).toHaveLength(3);
  });
});

describe('contentHash', () => {
  it('hashes the content, not the order of its keys', () => {
    const birth = parse(readFileSync(join(DEMO, 'events', 'birth.yaml'), 'utf8'));
    const reordered = Object.fromEntries(Object.entries(birth).reverse()) as EventTypeDefinition;
    expect(contentHash(reordered)).toBe(contentHash(birth));
    expect(contentHash({ ...birth, label: { fr: 'Naissance', en: 'Birth' } })).toBe(contentHash(birth));
    expect(contentHash({ ...birth, label: { en: 'Births', fr: 'Naissance' } })).not.toBe(contentHash(birth));
  });
});

function parse(text: string): EventTypeDefinition {
  const result = parseEventTypeDefinition(text, 'birth.yaml');
  if (!result.definition) throw new Error(result.problems.join('\n'));
  return result.definition;
}
