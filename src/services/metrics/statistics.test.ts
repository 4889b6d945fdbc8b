import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWith } from '../../../test/helpers/auth.js';
import { type TestCivitas } from '../../../test/helpers/civitas.js';
import { eventually } from '../../../test/helpers/http.js';
import { birthDeclaration, daysAgo, startDemoCountry } from '../../../test/helpers/records.js';
import { handleBatch } from '../../core/events/consumer.js';
import { uuidv7 } from '../../core/events/uuidv7.js';
import { monthsBetween, yearElapsed } from './statistics.js';

describe('statistics of registrations', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};
  const thisMonth = new Date().toISOString().slice(0, 7);
  const thisYear = new Date().getUTCFullYear();

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['f.agent', 'l.registrar', 'n.admin', 'p.manager'], {
      services: 'config,auth,registry,metrics',
    }));
    tokens.reader = await tokenWith(civitas, ['statistics.read']);
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });

  /** Declared by the field agent, registered by the registrar; a late one is validated and approved first. */
  async function registerBirth(birthDate: string): Promise<string> {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    const declared = await call('f.agent', 'POST', `/records/${id}/declare`, {
      version: 1,
      data: birthDeclaration('CEN-IBO', birthDate),
    });
    expect(declared.statusCode, declared.body).toBe(200);
    let version = 2;
    if (birthDate < daysAgo(30)) {
      expect((await call('l.registrar', 'POST', `/records/${id}/validate`, { version })).statusCode).toBe(200);
      const approved = await call('l.registrar', 'POST', `/records/${id}/actions/approve-late-registration`, {
        version: version + 1,
        reason: 'Birth certificate of the clinic seen',
      });
      expect(approved.statusCode, approved.body).toBe(200);
      version += 2;
    }
    const registered = await call('l.registrar', 'POST', `/records/${id}/register`, { version });
    expect(registered.json(), registered.body).toMatchObject({ status: 'REGISTERED' });
    return id as string;
  }

  const byMonth = (query: string, who = 'reader') => call(who, 'GET', `/statistics/registrations?${query}`);

  it('counts registrations by area and month, on time or late by the event type’s legal period', async () => {
    await registerBirth(daysAgo(3));
    await registerBirth(daysAgo(10));
    await registerBirth(daysAgo(100));
    const answer = await eventually('metrics has the three registrations', async () => {
      const response = await byMonth(`eventType=birth&from=${thisMonth}&to=${thisMonth}&areas=CEN,CEN-IBO,NTH`);
      const body = response.json();
      return body.series?.[0]?.months[0]?.total === 3 ? body : undefined;
    });
    expect(answer).toEqual({
      eventType: 'birth',
      from: thisMonth,
      to: thisMonth,
      months: [thisMonth],
      series: [
        { area: 'CEN', months: [{ month: thisMonth, total: 3, onTime: 2, late: 1, delayed: 0 }] },
        { area: 'CEN-IBO', months: [{ month: thisMonth, total: 3, onTime: 2, late: 1, delayed: 0 }] },
        { area: 'NTH', months: [{ month: thisMonth, total: 0, onTime: 0, late: 0, delayed: 0 }] },
      ],
    });
    const everything = (await byMonth('')).json();
    expect(everything.months).toHaveLength(12);
    expect(everything.series).toEqual([{ area: null, months: expect.any(Array) }]);
    expect(everything.series[0].months.at(-1)).toEqual({ month: thisMonth, total: 3, onTime: 2, late: 1, delayed: 0 });
    expect((await byMonth('eventType=death')).json().series[0].months.at(-1).total).toBe(0);
  });

  it('follows months, areas and corrections as the registry’s events tell them', async () => {
    const consumer = civitas.consumers.find((bound) => bound.id === 'metrics.keep-registrations')!;
    const event = (type: string, recordId: string, at: string, birthDate: string, areaPath: string[]) => ({
      id: uuidv7(),
      type,
      version: 1,
      time: at,
      source: 'registry',
      subject: recordId,
      traceId: 'test',
      data: {
        recordId,
        trackingId: 'T',
        eventType: 'birth',
        formVersion: 1,
        status: 'REGISTERED',
        registrationNumber: 'B1',
        areaPath,
        actor: { userId: uuidv7(), role: 'local-registrar', office: null },
        at,
        data: birthDeclaration(areaPath[0], birthDate),
      },
    });
    const [a, b] = [uuidv7(), uuidv7()];
    const outcomes = await handleBatch(consumer, [
      event('registry.birth.registered', a, '2024-03-20T10:00:00.000Z', '2024-03-01', ['NTH-OSE', 'NTH']),
      event('registry.birth.registered', b, '2024-05-02T10:00:00.000Z', '2022-05-01', ['NTH-ZOB', 'NTH']),
      // A correction moves the first to another district and fixes its birth date: still March, now late.
      event('registry.birth.corrected', a, '2024-06-01T10:00:00.000Z', '2024-01-05', ['NTH-ZOB', 'NTH']),
      // A correction of a record never seen registered is left out.
      event('registry.birth.corrected', uuidv7(), '2024-06-01T10:00:00.000Z', '2024-01-05', ['NTH-ZOB', 'NTH']),
    ]);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const body = (await byMonth('eventType=birth&from=2024-02&to=2024-05&areas=NTH-OSE,NTH-ZOB,NTH')).json();
    const totals = (area: string) =>
      body.series
        .find((series: { area: string }) => series.area === area)
        .months.map((month: { total: number; late: number; delayed: number }) => [
          month.total,
          month.late,
          month.delayed,
        ]);
    expect(body.months).toEqual(['2024-02', '2024-03', '2024-04', '2024-05']);
    expect(totals('NTH-OSE')).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(totals('NTH-ZOB')).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [0, 0, 0],
      [1, 0, 1],
    ]);
    expect(totals('NTH')).toEqual(totals('NTH-ZOB'));
  });

  it('measures completeness against the estimates an administrator sets', async () => {
    const refused = await call('l.registrar', 'PUT', '/statistics/estimates', {
      eventType: 'birth',
      year: thisYear,
      estimates: [{ area: 'CEN-IBO', expected: 10 }],
    });
    expect(refused.statusCode).toBe(403);
    const set = await call('n.admin', 'PUT', '/statistics/estimates', {
      eventType: 'birth',
      year: thisYear,
      estimates: [
        { area: 'CEN-IBO', expected: 1200 },
        { area: 'CEN', expected: 5000 },
        { area: 'NTH', expected: 7 },
      ],
    });
    expect(set.statusCode, set.body).toBe(200);
    const cleared = await call('n.admin', 'PUT', '/statistics/estimates', {
      eventType: 'birth',
      year: thisYear,
      estimates: [{ area: 'NTH', expected: null }],
    });
    expect(cleared.json().items).toEqual([
      { area: 'CEN', expected: 5000 },
      { area: 'CEN-IBO', expected: 1200 },
    ]);
    // Events of this year only: the birth of 100 days ago may fall in the year before in the first days of January.
    const ofThisYear = [3, 10, 100].filter((days) => daysAgo(days).startsWith(String(thisYear)));
    const answer = (
      await call('p.manager', 'GET', `/statistics/completeness?eventType=birth&year=${thisYear}&areas=CEN-IBO,NTH`)
    ).json();
    const elapsed = yearElapsed(thisYear, new Date());
    expect(answer.yearElapsed).toBeCloseTo(elapsed, 2);
    const ibombo = answer.areas[0];
    expect(ibombo).toMatchObject({ area: 'CEN-IBO', total: ofThisYear.length, expected: 1200 });
    expect(Math.abs(ibombo.expectedToDate - 1200 * elapsed)).toBeLessThanOrEqual(1);
    expect(ibombo.completeness).toBeCloseTo(ofThisYear.length / ibombo.expectedToDate, 2);
    expect(answer.areas[1]).toEqual({
      area: 'NTH',
      total: 0,
      onTime: 0,
      late: 0,
      delayed: 0,
      expected: null,
      expectedToDate: null,
      completeness: null,
      onTimeCompleteness: null,
    });
  });

  it('is read with statistics.read only, and names the field of a bad query', async () => {
    expect((await byMonth('', 'f.agent')).statusCode).toBe(403);
    const backwards = await byMonth('from=2025-05&to=2025-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ field: 'from' });
    expect((await byMonth('from=2015-01&to=2025-01')).statusCode).toBe(400);
    expect((await byMonth('from=2025-13')).statusCode).toBe(400);
    expect((await call('reader', 'GET', '/statistics/completeness?eventType=birth')).statusCode).toBe(400);
  });
});

describe('months and years', () => {
  it('lists the months of a span across a new year', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-03', '2025-03')).toEqual(['2025-03']);
  });

  it('says how much of a year has gone by', () => {
    expect(yearElapsed(2024, new Date('2025-01-10T00:00:00Z'))).toBe(1);
    expect(yearElapsed(2026, new Date('2025-01-10T00:00:00Z'))).toBe(0);
    expect(yearElapsed(2025, new Date('2025-07-02T12:00:00Z'))).toBeCloseTo(0.5, 2);
  });
});
