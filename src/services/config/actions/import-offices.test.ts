import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import type { Database } from '../../../core/db/open.js';
import { CountryImportError } from '../import-result.js';
import configService from '../index.js';
import { configDb, countOffices, findOffice, type ConfigDb } from '../repository.js';
import { importAreas, parseAreasCsv } from './import-areas.js';
import { importOffices, parseOfficesCsv } from './import-offices.js';

const HEADER = 'code,name,area_code\n';

describe('parseOfficesCsv', () => {
  it('reports every problem as file:line: column: what is wrong', () => {
    const { problems } = parseOfficesCsv(
      HEADER + 'O1,Office One,P1\nO 2,,P1\nO3,Office Three,\nO1,Again,P1\n',
      'offices.csv',
    );
    expect(problems).toEqual([
      'offices.csv:3: code: use 1 to 64 letters, digits, - or _, starting with a letter or digit',
      'offices.csv:3: name: is required',
      'offices.csv:4: area_code: use 1 to 64 letters, digits, - or _, starting with a letter or digit',
      'offices.csv:5: code: O1 is already on line 2',
    ]);
  });

  it('names a missing or unknown column', () => {
    expect(parseOfficesCsv('code,name\nO1,One\n', 'o.csv').problems).toEqual(['o.csv:1: missing column(s) area_code']);
    expect(parseOfficesCsv('code,name,area_code,kind\nO1,One,P1,x\n', 'o.csv').problems).toEqual([
      'o.csv:1: unknown column(s) kind',
    ]);
  });

  it('trims values and keeps the line of each office', () => {
    expect(parseOfficesCsv(HEADER + ' O1 , Office One , P1 \n', 'o.csv')).toEqual({
      offices: [{ code: 'O1', name: 'Office One', areaCode: 'P1' }],
      lineOf: new Map([['O1', 2]]),
      problems: [],
    });
  });
});

describe('importOffices', () => {
  let database: Database;
  let db: ConfigDb;
  beforeEach(async () => {
    database = await openTestDatabase();
    await migrate(database.root, [{ schema: 'config', migrations: configService.migrations }]);
    db = configDb(database);
    const { areas } = parseAreasCsv(
      'code,name,kind,parent_code\nP1,One,province,\nP2,Two,province,\nD1,District,district,P1\nS1,Sub,sub-district,D1\n',
      'areas.csv',
    );
    await importAreas({ db }, areas, { file: 'areas.csv', traceId: 'test' });
  });
  afterEach(async () => {
    await database.close();
  });

  const load = (csv: string) => {
    const { offices, lineOf, problems } = parseOfficesCsv(HEADER + csv, 'offices.csv');
    expect(problems).toEqual([]);
    return importOffices({ db }, offices, { file: 'offices.csv', traceId: 'test', lineOf });
  };
  const officeEvents = () =>
    db
      .selectFrom('outbox')
      .select(['type', 'subject', 'data'])
      .where('type', 'like', 'config.office.%')
      .orderBy('position')
      .execute();

  it('publishes each new office with its area path, innermost area first', async () => {
    expect(await load('O1,Office One,S1\nO2,Office Two,P2\n')).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await officeEvents()).toEqual([
      {
        type: 'config.office.created',
        subject: 'O1',
        data: { code: 'O1', name: 'Office One', areaCode: 'S1', areaPath: ['S1', 'D1', 'P1'] },
      },
      {
        type: 'config.office.created',
        subject: 'O2',
        data: { code: 'O2', name: 'Office Two', areaCode: 'P2', areaPath: ['P2'] },
      },
    ]);
    expect(await findOffice(db, 'O1')).toMatchObject({ areaCode: 'S1', areaPath: ['S1', 'D1', 'P1'] });
  });

  it('is idempotent, and a renamed or moved office is published again with what changed', async () => {
    await load('O1,Office One,S1\nO2,Office Two,P2\n');
    expect(await load('O1,Office One,S1\nO2,Office Two,P2\n')).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await load('O1,Office Uno,S1\nO2,Office Two,D1\nO3,Office Three,P1\n')).toEqual({
      created: 1,
      updated: 2,
      unchanged: 0,
    });
    const updates = await officeEvents().then((events) => events.filter((e) => e.type === 'config.office.updated'));
    expect(updates.map((event) => event.data)).toEqual([
      { code: 'O1', name: 'Office Uno', areaCode: 'S1', areaPath: ['S1', 'D1', 'P1'], changed: ['name'] },
      { code: 'O2', name: 'Office Two', areaCode: 'D1', areaPath: ['D1', 'P1'], changed: ['areaCode', 'areaPath'] },
    ]);
  });

  it('refuses an office in an unknown area, naming its line, and writes nothing', async () => {
    const refused = load('O1,Office One,S1\nO2,Office Two,NOPE\n');
    await expect(refused).rejects.toThrow(CountryImportError);
    await expect(refused).rejects.toMatchObject({
      problems: ['offices.csv:3: area_code: O2 names unknown area NOPE'],
    });
    expect(await countOffices(db)).toBe(0);
    expect(await officeEvents()).toEqual([]);
  });
});
