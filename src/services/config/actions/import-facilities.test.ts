import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import type { Database } from '../../../core/db/open.js';
import { CountryImportError } from '../import-result.js';
import configService from '../index.js';
import { configDb, countFacilities, findFacility, type ConfigDb } from '../repository.js';
import { importAreas, parseAreasCsv } from './import-areas.js';
import { importFacilities, parseFacilitiesCsv } from './import-facilities.js';

const HEADER = 'code,name,kind,area_code\n';

describe('parseFacilitiesCsv', () => {
  it('reports every problem as file:line: column: what is wrong', () => {
    const { problems } = parseFacilitiesCsv(
      HEADER +
        'F1,Hospital One,hospital,P1\n' +
        'F 2,,clinic,P1\n' +
        'F3,Health Post,dispensary,P1\n' +
        'F4,Hospital Four,Hospital,P1\n' +
        'F5,Clinic Five,clinic,\n' +
        'F1,Again,maternity,P1\n',
      'facilities.csv',
    );
    expect(problems).toEqual([
      'facilities.csv:3: code: use 1 to 64 letters, digits, - or _, starting with a letter or digit',
      'facilities.csv:3: name: is required',
      'facilities.csv:4: kind: use hospital, health-centre, clinic or maternity',
      'facilities.csv:5: kind: use hospital, health-centre, clinic or maternity',
      'facilities.csv:6: area_code: use 1 to 64 letters, digits, - or _, starting with a letter or digit',
      'facilities.csv:7: code: F1 is already on line 2',
    ]);
  });

  it('names a missing or unknown column', () => {
    expect(parseFacilitiesCsv('code,name,area_code\nF1,One,P1\n', 'f.csv').problems).toEqual([
      'f.csv:1: missing column(s) kind',
    ]);
    expect(parseFacilitiesCsv('code,name,kind,area_code,beds\nF1,One,clinic,P1,4\n', 'f.csv').problems).toEqual([
      'f.csv:1: unknown column(s) beds',
    ]);
  });

  it('trims values and keeps the line of each facility', () => {
    expect(parseFacilitiesCsv(HEADER + '\n F1 , Health Centre , health-centre , P1 \n', 'f.csv')).toEqual({
      facilities: [{ code: 'F1', name: 'Health Centre', kind: 'health-centre', areaCode: 'P1' }],
      lineOf: new Map([['F1', 3]]),
      problems: [],
    });
  });
});

describe('importFacilities', () => {
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
    const { facilities, lineOf, problems } = parseFacilitiesCsv(HEADER + csv, 'facilities.csv');
    expect(problems).toEqual([]);
    return importFacilities({ db }, facilities, { file: 'facilities.csv', traceId: 'test', lineOf });
  };
  const facilityEvents = () =>
    db
      .selectFrom('outbox')
      .select(['type', 'subject', 'data'])
      .where('type', 'like', 'config.facility.%')
      .orderBy('position')
      .execute();

  it('publishes each new facility with its kind and area path, innermost area first', async () => {
    expect(await load('F1,Hospital One,hospital,S1\nF2,Clinic Two,clinic,P2\n')).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(await facilityEvents()).toEqual([
      {
        type: 'config.facility.created',
        subject: 'F1',
        data: { code: 'F1', name: 'Hospital One', kind: 'hospital', areaCode: 'S1', areaPath: ['S1', 'D1', 'P1'] },
      },
      {
        type: 'config.facility.created',
        subject: 'F2',
        data: { code: 'F2', name: 'Clinic Two', kind: 'clinic', areaCode: 'P2', areaPath: ['P2'] },
      },
    ]);
    expect(await findFacility(db, 'F1')).toMatchObject({ kind: 'hospital', areaPath: ['S1', 'D1', 'P1'] });
  });

  it('is idempotent, and a renamed, re-kinded or moved facility is published again with what changed', async () => {
    await load('F1,Hospital One,hospital,S1\nF2,Clinic Two,clinic,P2\n');
    const created = (await facilityEvents()).length;
    expect(await load('F1,Hospital One,hospital,S1\nF2,Clinic Two,clinic,P2\n')).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(await facilityEvents()).toHaveLength(created);

    expect(
      await load('F1,Hospital Uno,maternity,S1\nF2,Clinic Two,clinic,D1\nF3,Centre Three,health-centre,P1\n'),
    ).toEqual({ created: 1, updated: 2, unchanged: 0 });
    const updates = await facilityEvents().then((events) => events.filter((e) => e.type === 'config.facility.updated'));
    expect(updates.map((event) => event.data)).toEqual([
      {
        code: 'F1',
        name: 'Hospital Uno',
        kind: 'maternity',
        areaCode: 'S1',
        areaPath: ['S1', 'D1', 'P1'],
        changed: ['name', 'kind'],
      },
      {
        code: 'F2',
        name: 'Clinic Two',
        kind: 'clinic',
        areaCode: 'D1',
        areaPath: ['D1', 'P1'],
        changed: ['areaCode', 'areaPath'],
      },
    ]);
  });

  it('publishes the facilities below a moved area when only areas are imported', async () => {
    await load('F1,Hospital One,hospital,S1\nF2,Clinic Two,clinic,P1\n');
    const { areas } = parseAreasCsv('code,name,kind,parent_code\nD1,District,district,P2\n', 'areas.csv');
    await importAreas({ db }, areas, { file: 'areas.csv', traceId: 'test' });
    const updates = await facilityEvents().then((events) => events.filter((e) => e.type === 'config.facility.updated'));
    expect(updates).toEqual([
      {
        type: 'config.facility.updated',
        subject: 'F1',
        data: {
          code: 'F1',
          name: 'Hospital One',
          kind: 'hospital',
          areaCode: 'S1',
          areaPath: ['S1', 'D1', 'P2'],
          changed: ['areaPath'],
        },
      },
    ]);
  });

  it('refuses a facility in an unknown area, naming its line, and writes nothing', async () => {
    const refused = load('F1,Hospital One,hospital,S1\nF2,Clinic Two,clinic,NOPE\n');
    await expect(refused).rejects.toThrow(CountryImportError);
    await expect(refused).rejects.toMatchObject({
      problems: ['facilities.csv:3: area_code: F2 names unknown area NOPE'],
    });
    expect(await countFacilities(db)).toBe(0);
    expect(await facilityEvents()).toEqual([]);
  });
});
