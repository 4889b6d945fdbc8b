import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import type { Database } from '../../../core/db/open.js';
import configService from '../index.js';
import { configDb, countAreas, findArea, type ConfigDb } from '../repository.js';
import { AreaImportError, importAreas, parseAreasCsv } from './import-areas.js';

const HEADER = 'code,name,kind,parent_code\n';

describe('parseAreasCsv', () => {
  it('reports every problem as file:line: column: what is wrong', () => {
    const { problems } = parseAreasCsv(
      HEADER + 'P1,Province One,province,\nP 2,,province,\nD1,District,District,P1\nP1,Again,province,\n',
      'areas.csv',
    );
    expect(problems).toEqual([
      'areas.csv:3: code: use 1 to 64 letters, digits, - or _, starting with a letter or digit',
      'areas.csv:3: name: is required',
      'areas.csv:4: kind: use a lower-case word such as province or district',
      'areas.csv:5: code: P1 is already on line 2',
    ]);
  });

  it('names a missing column and a malformed line', () => {
    expect(parseAreasCsv('code,name\nP1,One\n', 'a.csv').problems).toEqual(['a.csv:1: missing column(s) kind']);
    expect(parseAreasCsv(HEADER + 'P1,"unclosed,province,\n', 'a.csv').problems[0]).toMatch(/^a\.csv:\d+: /);
  });

  it('trims values and reads an empty parent as none', () => {
    const { areas, problems } = parseAreasCsv(HEADER + ' P1 , Province One ,province, \n', 'a.csv');
    expect(problems).toEqual([]);
    expect(areas).toEqual([{ code: 'P1', name: 'Province One', kind: 'province', parentCode: null }]);
  });
});

describe('importAreas', () => {
  let database: Database;
  let db: ConfigDb;
  beforeEach(async () => {
    database = await openTestDatabase();
    await migrate(database.root, [{ schema: 'config', migrations: configService.migrations }]);
    db = configDb(database);
  });
  afterEach(async () => {
    await database.close();
  });

  const load = (csv: string) => {
    const { areas, problems } = parseAreasCsv(HEADER + csv, 'areas.csv');
    expect(problems).toEqual([]);
    return importAreas({ db }, areas, { file: 'areas.csv', traceId: 'test' });
  };

  it('imports children listed before their parents, with one event each', async () => {
    expect(await load('D1,District One,district,P1\nP1,Province One,province,\n')).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(await findArea(db, 'D1')).toMatchObject({ parentCode: 'P1' });
    const events = await db.selectFrom('outbox').select(['type', 'subject']).orderBy('position').execute();
    expect(events).toEqual([
      { type: 'config.area.created', subject: 'P1' },
      { type: 'config.area.created', subject: 'D1' },
    ]);
  });

  it('is idempotent and reports what changed on a second import', async () => {
    await load('P1,Province One,province,\nD1,District One,district,P1\n');
    expect(await load('P1,Province One,province,\nD1,District One,district,P1\n')).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(await load('P1,Province Uno,province,\nD1,District One,district,P1\nD2,District Two,district,P1\n')).toEqual(
      {
        created: 1,
        updated: 1,
        unchanged: 1,
      },
    );
    const updates = await db.selectFrom('outbox').select('data').where('type', '=', 'config.area.updated').execute();
    expect(updates.map((row) => row.data)).toEqual([
      { code: 'P1', name: 'Province Uno', kind: 'province', parentCode: null, changed: ['name'] },
    ]);
  });

  it('writes nothing when a parent is unknown or the areas form a cycle', async () => {
    await expect(load('D1,District,district,NOPE\nP1,Province,province,\n')).rejects.toThrow(AreaImportError);
    await expect(load('A,A,district,B\nB,B,district,A\n')).rejects.toThrow(/cycle: A > B > A/);
    expect(await countAreas(db)).toBe(0);
    expect(await db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });
});
