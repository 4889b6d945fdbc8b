/**
 * Workqueues follow the caller's `record.read` scope whatever its conditions: a hospital clerk, whose scope is
 * limited by event type (`record.read[event=birth|death,area=my-jurisdiction]`), sees their district's births and
 * deaths, and neither another district's records nor an event type their role does not read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../src/core/http/scopes.js';
import { readableFilter } from '../src/services/registry/routes.js';
import { type TestCivitas } from './helpers/civitas.js';
import { birthDeclaration, daysAgo, startDemoCountry } from './helpers/records.js';

const party = (firstNames: string) => ({
  firstNames,
  familyName: 'Phiri',
  birthDate: '1990-01-01',
  previousMaritalStatus: 'single',
});

const marriage = {
  partyOne: party('Joel'),
  partyTwo: party('Ruth'),
  marriage: { date: daysAgo(10), type: 'civil', placeOfMarriageArea: 'CEN-IBO', officiantName: 'A. Officer' },
  witnesses: { witnessOneName: 'W. One', witnessTwoName: 'W. Two' },
};

describe('workqueues of a scope limited by event type', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['k.mumba', 'f.agent', 'a.mulenga', 'l.registrar']));
  });
  afterAll(async () => {
    await civitas?.close();
  });

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });

  async function declare(who: string, eventType: string, data: object): Promise<string> {
    const created = await call(who, 'POST', '/records', { eventType });
    expect(created.statusCode, created.body).toBe(201);
    const declared = await call(who, 'POST', `/records/${created.json().id}/declare`, { version: 1, data });
    expect(declared.statusCode, declared.body).toBe(200);
    return created.json().id;
  }

  const queue = async (who: string, name: string) => {
    const answer = await call(who, 'GET', `/workqueues/${name}`);
    expect(answer.statusCode, answer.body).toBe(200);
    return (answer.json().items as { id: string }[]).map((item) => item.id);
  };

  it("a hospital clerk sees their district's births, not another district's, nor a marriage", async () => {
    const clerksBirth = await declare('k.mumba', 'birth', birthDeclaration('CEN-IBO'));
    const agentsBirth = await declare('f.agent', 'birth', birthDeclaration('CEN-IBO'));
    const otherDistrict = await declare('a.mulenga', 'birth', birthDeclaration('CEN-ISA'));
    const marriageHere = await declare('f.agent', 'marriage', marriage);
    const draft = (await call('k.mumba', 'POST', '/records', { eventType: 'death' })).json().id as string;

    const review = await queue('k.mumba', 'ready-for-review');
    expect(review).toEqual(expect.arrayContaining([clerksBirth, agentsBirth]));
    expect(review).not.toContain(otherDistrict);
    expect(review).not.toContain(marriageHere);
    // Their own draft waits in progress.
    expect(await queue('k.mumba', 'in-progress')).toEqual([draft]);

    // Assigned to the clerk: in their "assigned to me" queue.
    const assigned = await call('k.mumba', 'POST', `/records/${clerksBirth}/assign`, { version: 2 });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(await queue('k.mumba', 'assigned-to-me')).toEqual([clerksBirth]);

    // The registrar of the district, with an unlimited event type, still sees all three of the district's records.
    expect(await queue('l.registrar', 'ready-for-review')).toEqual(
      expect.arrayContaining([clerksBirth, agentsBirth, marriageHere]),
    );
  });
});

describe('readableFilter', () => {
  const caller = (scope: string[], jurisdiction = ['CEN-IBO', 'CEN']): Caller => ({
    sub: 'u',
    kind: 'user',
    role: 'r',
    scope,
    office: 'OFF-IBO',
    jurisdiction,
  });

  it('reads everything with an unconditional scope, nothing without one', () => {
    expect(readableFilter(caller(['record.read']))).toEqual({});
    expect(readableFilter(caller(['record.declare']))).toBeNull();
  });

  it('turns my-jurisdiction into the office area, and keeps the event types', () => {
    expect(readableFilter(caller(['record.read[event=birth|death,area=my-jurisdiction]']))).toEqual({
      withinArea: 'CEN-IBO',
      eventTypes: ['birth', 'death'],
    });
    expect(readableFilter(caller(['record.read[area=my-jurisdiction]']))).toEqual({ withinArea: 'CEN-IBO' });
    expect(readableFilter(caller(['record.read[event=birth]']))).toEqual({ eventTypes: ['birth'] });
  });

  it('joins the event types of grants on one area; an unlimited grant there lifts the limit', () => {
    expect(
      readableFilter(
        caller(['record.read[event=birth,area=my-jurisdiction]', 'record.read[event=death,area=CEN-IBO]']),
      ),
    ).toEqual({ withinArea: 'CEN-IBO', eventTypes: ['birth', 'death'] });
    expect(
      readableFilter(caller(['record.read[event=birth,area=my-jurisdiction]', 'record.read[area=my-jurisdiction]'])),
    ).toEqual({ withinArea: 'CEN-IBO' });
  });

  it('lists nothing for grants it cannot express as one filter, never more than a grant allows', () => {
    expect(readableFilter(caller(['record.read[office=mine]']))).toBeNull();
    expect(readableFilter(caller(['record.read[area=CEN-IBO|CEN-ISA]']))).toBeNull();
    expect(readableFilter(caller(['record.read[area=my-jurisdiction]'], []))).toBeNull();
  });
});
