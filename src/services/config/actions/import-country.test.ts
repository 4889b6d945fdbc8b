import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import type { Database } from '../../../core/db/open.js';
import { CountryImportError } from '../import-result.js';
import configService from '../index.js';
import {
  allAreas,
  allFacilities,
  allOffices,
  configDb,
  countAreas,
  countFacilities,
  countOffices,
  type ConfigDb,
} from '../repository.js';
import { importCountryFolder } from '../seed.js';
import { importAreas, parseAreasCsv } from './import-areas.js';

const DEMO = fileURLToPath(new URL('../../../../countries/demo', import.meta.url));
const AREAS = 'code,name,kind,parent_code\n';
const OFFICES = 'code,name,area_code\n';
const FACILITIES = 'code,name,kind,area_code\n';
const NO_FACILITIES = { created: 0, updated: 0, unchanged: 0 };

describe('importCountryFolder', () => {
  let database: Database;
  let db: ConfigDb;
  let folder: string;
  beforeEach(async () => {
    database = await openTestDatabase();
    await migrate(database.root, [{ schema: 'config', migrations: configService.migrations }]);
    db = configDb(database);
    folder = mkdtempSync(join(tmpdir(), 'civitas-country-'));
  });
  afterEach(async () => {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const write = (files: { areas: string; offices?: string; facilities?: string }) => {
    writeFileSync(join(folder, 'areas.csv'), AREAS + files.areas);
    if (files.offices === undefined) rmSync(join(folder, 'offices.csv'), { force: true });
    else writeFileSync(join(folder, 'offices.csv'), OFFICES + files.offices);
    if (files.facilities === undefined) rmSync(join(folder, 'facilities.csv'), { force: true });
    else writeFileSync(join(folder, 'facilities.csv'), FACILITIES + files.facilities);
    return importCountryFolder({ db }, folder, 'test');
  };
  const events = () => db.selectFrom('outbox').select(['type', 'subject', 'data']).orderBy('position').execute();

  it('imports the demo country: in every district one office coded OFF- and two facilities coded FAC-, with its suffix', async () => {
    expect(await importCountryFolder({ db }, DEMO, 'test')).toEqual({
      areas: { created: 13, updated: 0, unchanged: 0 },
      offices: { created: 10, updated: 0, unchanged: 0 },
      facilities: { created: 20, updated: 0, unchanged: 0 },
      eventTypes: { published: 3, unchanged: 0 },
    });
    const districts = (await allAreas(db)).filter((area) => area.kind === 'district');
    const offices = [...(await allOffices(db)).values()];
    expect(offices.map((office) => [office.code, office.areaCode]).sort()).toEqual(
      districts.map((district) => [`OFF-${district.code.split('-')[1]}`, district.code]).sort(),
    );
    expect(offices.find((office) => office.code === 'OFF-IBO')).toMatchObject({
      name: 'Ibombo Registration Office',
      areaPath: ['CEN-IBO', 'CEN'],
    });
    const facilities = [...(await allFacilities(db)).values()];
    for (const district of districts) {
      expect(facilities.filter((facility) => facility.areaCode === district.code)).toHaveLength(2);
    }
    expect(facilities.every((facility) => facility.code.startsWith(`FAC-${facility.areaCode.split('-')[1]}-`))).toBe(
      true,
    );
    expect(facilities.find((facility) => facility.code === 'FAC-IBO-GH')).toMatchObject({
      name: 'Ibombo General Hospital',
      kind: 'hospital',
      areaPath: ['CEN-IBO', 'CEN'],
    });
    expect(await importCountryFolder({ db }, DEMO, 'test')).toEqual({
      areas: { created: 0, updated: 0, unchanged: 13 },
      offices: { created: 0, updated: 0, unchanged: 10 },
      facilities: { created: 0, updated: 0, unchanged: 20 },
      eventTypes: { published: 0, unchanged: 3 },
    });
  });

  it('writes no area when offices.csv has a problem, and reports the problems of both files together', async () => {
    const parse = write({ areas: 'P1,One,province,\nD1,,district,P1\n', offices: 'O1,Office,P1\nO2,,P1\n' });
    await expect(parse).rejects.toMatchObject({
      problems: [
        `${join(folder, 'areas.csv')}:3: name: is required`,
        `${join(folder, 'offices.csv')}:3: name: is required`,
      ],
    });
    const unknown = write({
      areas: 'P1,One,province,\nD1,District,district,GONE\n',
      offices: 'O1,Office,P1\nO2,Office,NOPE\n',
    });
    await expect(unknown).rejects.toMatchObject({
      problems: [
        `${join(folder, 'areas.csv')}: parent_code: D1 names unknown parent GONE`,
        `${join(folder, 'offices.csv')}:3: area_code: O2 names unknown area NOPE`,
      ],
    });
    await expect(write({ areas: 'P1,One,province,\n', offices: 'O1,Office,NOPE\n' })).rejects.toThrow(
      CountryImportError,
    );
    expect(await countAreas(db)).toBe(0);
    expect(await events()).toEqual([]);
  });

  it('writes nothing, not even areas or offices, when facilities.csv has a problem, and names each line', async () => {
    const parse = write({
      areas: 'P1,One,province,\nD1,,district,P1\n',
      offices: 'O1,Office,P1\n',
      facilities: 'F1,Hospital,hospital,P1\nF2,Clinic,dispensary,P1\nF1,Again,clinic,P1\n',
    });
    await expect(parse).rejects.toMatchObject({
      problems: [
        `${join(folder, 'areas.csv')}:3: name: is required`,
        `${join(folder, 'facilities.csv')}:3: kind: use hospital, health-centre, clinic or maternity`,
        `${join(folder, 'facilities.csv')}:4: code: F1 is already on line 2`,
      ],
    });
    const unknown = write({
      areas: 'P1,One,province,\n',
      offices: 'O1,Office,P1\n',
      facilities: 'F1,Hospital,hospital,P1\nF2,Clinic,clinic,NOPE\n',
    });
    await expect(unknown).rejects.toThrow(CountryImportError);
    await expect(unknown).rejects.toMatchObject({
      problems: [`${join(folder, 'facilities.csv')}:3: area_code: F2 names unknown area NOPE`],
    });
    expect(await countAreas(db)).toBe(0);
    expect(await countOffices(db)).toBe(0);
    expect(await countFacilities(db)).toBe(0);
    expect(await events()).toEqual([]);
  });

  it('accepts offices in areas of the same import, and a country with no offices.csv', async () => {
    expect(await write({ areas: 'P1,One,province,\n' })).toEqual({
      areas: { created: 1, updated: 0, unchanged: 0 },
      offices: { created: 0, updated: 0, unchanged: 0 },
      facilities: NO_FACILITIES,
      eventTypes: { published: 0, unchanged: 0 },
    });
    expect(await write({ areas: 'P1,One,province,\nD1,District,district,P1\n', offices: 'O1,Office,D1\n' })).toEqual({
      areas: { created: 1, updated: 0, unchanged: 1 },
      offices: { created: 1, updated: 0, unchanged: 0 },
      facilities: NO_FACILITIES,
      eventTypes: { published: 0, unchanged: 0 },
    });
    expect((await events()).map((event) => event.type)).toEqual([
      'config.area.created',
      'config.area.created',
      'config.office.created',
    ]);
  });

  it('publishes every office below an area that moved, with its new path', async () => {
    const areas = 'P1,One,province,\nP2,Two,province,\nD1,District,district,P1\nS1,Sub,sub-district,D1\n';
    await write({ areas, offices: 'O1,Office One,S1\nO2,Office Two,D1\nO3,Office Three,P1\n' });
    const before = (await events()).length;

    const moved = areas.replace('D1,District,district,P1', 'D1,District,district,P2');
    expect(await write({ areas: moved, offices: 'O1,Office Uno,S1\nO2,Office Two,D1\nO3,Office Three,P1\n' })).toEqual({
      areas: { created: 0, updated: 1, unchanged: 3 },
      offices: { created: 0, updated: 2, unchanged: 1 },
      facilities: NO_FACILITIES,
      eventTypes: { published: 0, unchanged: 0 },
    });
    expect((await events()).slice(before)).toEqual([
      {
        type: 'config.area.updated',
        subject: 'D1',
        data: { code: 'D1', name: 'District', kind: 'district', parentCode: 'P2', changed: ['parentCode'] },
      },
      {
        type: 'config.office.updated',
        subject: 'O1',
        data: {
          code: 'O1',
          name: 'Office Uno',
          areaCode: 'S1',
          areaPath: ['S1', 'D1', 'P2'],
          changed: ['name', 'areaPath'],
        },
      },
      {
        type: 'config.office.updated',
        subject: 'O2',
        data: { code: 'O2', name: 'Office Two', areaCode: 'D1', areaPath: ['D1', 'P2'], changed: ['areaPath'] },
      },
    ]);
  });

  it('publishes the offices below a moved area also when only areas are imported', async () => {
    await write({ areas: 'P1,One,province,\nP2,Two,province,\nD1,District,district,P1\n', offices: 'O1,Office,D1\n' });
    const before = (await events()).length;
    expect(await write({ areas: 'D1,District,district,P2\n' })).toMatchObject({ offices: { updated: 1 } });
    const { areas } = parseAreasCsv(AREAS + 'D1,District,district,P1\n', 'areas.csv');
    expect(await importAreas({ db }, areas, { file: 'areas.csv', traceId: 'test' })).toMatchObject({ updated: 1 });
    const offices = (await events()).slice(before).filter((event) => event.type === 'config.office.updated');
    expect(offices.map((event) => event.data)).toEqual([
      { code: 'O1', name: 'Office', areaCode: 'D1', areaPath: ['D1', 'P2'], changed: ['areaPath'] },
      { code: 'O1', name: 'Office', areaCode: 'D1', areaPath: ['D1', 'P1'], changed: ['areaPath'] },
    ]);
  });

  it('publishes every facility below an area that moved with its new path, also when facilities.csv is left out', async () => {
    const areas = 'P1,One,province,\nP2,Two,province,\nD1,District,district,P1\n';
    await write({ areas, facilities: 'F1,Hospital,hospital,D1\nF2,Clinic,clinic,P1\n' });
    const before = (await events()).length;

    const moved = areas.replace('D1,District,district,P1', 'D1,District,district,P2');
    expect(await write({ areas: moved })).toMatchObject({ facilities: { created: 0, updated: 1, unchanged: 0 } });
    expect((await events()).slice(before)).toEqual([
      {
        type: 'config.area.updated',
        subject: 'D1',
        data: { code: 'D1', name: 'District', kind: 'district', parentCode: 'P2', changed: ['parentCode'] },
      },
      {
        type: 'config.facility.updated',
        subject: 'F1',
        data: {
          code: 'F1',
          name: 'Hospital',
          kind: 'hospital',
          areaCode: 'D1',
          areaPath: ['D1', 'P2'],
          changed: ['areaPath'],
        },
      },
    ]);
    const { areas: back } = parseAreasCsv(AREAS + 'D1,District,district,P1\n', 'areas.csv');
    await importAreas({ db }, back, { file: 'areas.csv', traceId: 'test' });
    expect((await events()).at(-1)).toMatchObject({
      type: 'config.facility.updated',
      data: { code: 'F1', areaPath: ['D1', 'P1'], changed: ['areaPath'] },
    });
  });
});
