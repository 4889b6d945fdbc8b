/**
 * Searching records: the quick search finds a record by any code it has or by its people's names, forgiving the
 * mistakes people make typing names; the advanced search narrows by role, dates and status. Nobody finds a record
 * outside what their `record.read` scope allows, totals included, and every search is audited without its text.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';
import { birthDeclaration, daysAgo, startDemoCountry } from './helpers/records.js';

interface Results {
  total: number;
  totalIsLowerBound: boolean;
  items: Array<{
    recordId: string;
    trackingId: string;
    status: string;
    registrationNumber: string | null;
    eventDate: string | null;
    score: number | null;
    names: Record<string, string>;
  }>;
}

describe('searching records', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};
  const records: Record<string, { id: string; trackingId: string; registrationNumber?: string }> = {};

  const call = (who: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who ? { authorization: `Bearer ${tokens[who]}` } : {},
      ...(payload ? { payload } : {}),
    });

  async function search(who: string, q: string, paging = ''): Promise<Results> {
    const response = await call(who, 'GET', `/search?q=${encodeURIComponent(q)}${paging}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  async function advanced(who: string, body: object): Promise<Results> {
    const response = await call(who, 'POST', '/search/records', body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const ids = (results: Results) => results.items.map((item) => item.recordId);

  /** Declares a birth as `who` with the demo declaration changed by `change`, and waits until it is indexed. */
  async function declare(name: string, who: string, change: (data: ReturnType<typeof birthDeclaration>) => object) {
    const created = (await call(who, 'POST', '/records', { eventType: 'birth' })).json();
    const declared = await call(who, 'POST', `/records/${created.id}/declare`, {
      version: 1,
      data: change(birthDeclaration()),
    });
    expect(declared.statusCode, declared.body).toBe(200);
    records[name] = { id: created.id, trackingId: created.trackingId };
  }

  const indexedStatus = async (recordId: string) =>
    (
      await sql<{ status: string }>`select status from search.records where record_id = ${recordId}`.execute(
        civitas.database.root,
      )
    ).rows[0]?.status;

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(
      ['f.agent', 'b.chanda', 'l.registrar', 'n.registrar', 'e.sakala', 'p.manager'],
      { services: 'config,auth,registry,search' },
    ));
    await eventually('search knows the event types', async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from search.event_types`.execute(
        civitas.database.root,
      );
      return rows[0]!.n >= 3 ? true : undefined;
    });
    await declare('chileshe', 'f.agent', (data) => ({
      ...data,
      child: { ...data.child, firstNames: 'Chileshe Ruth', familyName: 'Bwalya', birthDate: daysAgo(20) },
      mother: { ...data.mother, nationalId: '4829304715', phone: '+260971234567' },
    }));
    const registered = await call('l.registrar', 'POST', `/records/${records.chileshe!.id}/register`, { version: 2 });
    expect(registered.statusCode, registered.body).toBe(200);
    records.chileshe!.registrationNumber = registered.json().registrationNumber;
    await declare('ada', 'f.agent', (data) => data);
    await declare('adaTypo', 'f.agent', (data) => ({ ...data, child: { ...data.child, familyName: 'Mwala' } }));
    await declare('zoe', 'f.agent', (data) => ({
      ...data,
      child: { ...data.child, firstNames: 'Zoë', familyName: 'Phiri' },
    }));
    await declare('philip', 'f.agent', (data) => ({
      ...data,
      child: { ...data.child, firstNames: 'Philip', familyName: 'Tembo', sex: 'male' },
    }));
    await declare('ozere', 'b.chanda', (data) => ({
      ...data,
      child: { ...data.child, placeOfBirthArea: 'NTH-OSE', placeOfBirthAddress: 'Plot 3, Ozere' },
    }));
    for (const record of Object.values(records)) {
      await eventually(`record ${record.id} is indexed`, () => indexedStatus(record.id));
    }
    await eventually('the registration is indexed', async () =>
      (await indexedStatus(records.chileshe!.id)) === 'REGISTERED' ? true : undefined,
    );
  });
  afterAll(async () => {
    await civitas?.close();
  });

  describe('the quick search', () => {
    it('finds a record by its tracking ID, typed in lower case with a dash', async () => {
      const tracking = records.chileshe!.trackingId.toLowerCase();
      const found = await search('l.registrar', `${tracking.slice(0, 4)}-${tracking.slice(4)}`);
      expect(ids(found)).toEqual([records.chileshe!.id]);
      expect(found.total).toBe(1);
      expect(found.items[0]).toMatchObject({
        trackingId: records.chileshe!.trackingId,
        status: 'REGISTERED',
        names: { child: 'Chileshe Ruth Bwalya', mother: 'Grace Mwale' },
      });
    });

    it('finds a record by its registration number', async () => {
      expect(records.chileshe!.registrationNumber).toBeTruthy();
      const found = await search('l.registrar', records.chileshe!.registrationNumber!);
      expect(ids(found)).toEqual([records.chileshe!.id]);
      expect(found.items[0]!.registrationNumber).toBe(records.chileshe!.registrationNumber);
    });

    it("finds a record by the mother's national ID and by her phone number written another way", async () => {
      expect(ids(await search('l.registrar', '4829 3047 15'))).toEqual([records.chileshe!.id]);
      expect(ids(await search('l.registrar', '0971 234 567'))).toEqual([records.chileshe!.id]);
      expect((await search('l.registrar', '0971 234 568')).total).toBe(0);
    });

    it('finds a name typed with one wrong letter, two letters swapped or one missing', async () => {
      for (const typed of ['Chileshe Bwalyo', 'Chilsehe Bwalya', 'Chileshe Bwlya']) {
        expect(ids(await search('l.registrar', typed)), typed).toEqual([records.chileshe!.id]);
      }
    });

    it('finds a phonetic variant too far apart to be a typing error', async () => {
      const found = await search('l.registrar', 'Fillip Tembo');
      expect(ids(found)).toEqual([records.philip!.id]);
      expect(found.items[0]!.score).toBeLessThan(2);
    });

    it('ignores accents, in the record and in the query', async () => {
      expect(ids(await search('l.registrar', 'zoe phiri'))).toEqual([records.zoe!.id]);
      expect(ids(await search('l.registrar', 'Chilèshé Bwâlya'))).toEqual([records.chileshe!.id]);
    });

    it('finds given and family names in either order, and without the middle name', async () => {
      expect(ids(await search('l.registrar', 'Bwalya Chileshe'))).toEqual([records.chileshe!.id]);
      expect(ids(await search('l.registrar', 'Chileshe Bwalya'))).toEqual([records.chileshe!.id]);
      expect(ids(await search('l.registrar', 'Ruth'))).toEqual([records.chileshe!.id]);
    });

    it('finds all three names of a person, in any order, and two given names without the family name', async () => {
      expect(ids(await search('l.registrar', 'Chileshe Ruth Bwalya'))).toEqual([records.chileshe!.id]);
      expect(ids(await search('l.registrar', 'Bwalya Ruht Chileshe'))).toEqual([records.chileshe!.id]);
      expect(ids(await search('l.registrar', 'Ruth Chileshe'))).toEqual([records.chileshe!.id]);
    });

    it('matches every word within one person, not across the people of a record', async () => {
      // Grace is the mother's given name and Bwalya the child's family name, in the same record.
      const found = await search('l.registrar', 'Grace Bwalya');
      expect(ids(found)).not.toContain(records.chileshe!.id);
    });

    it('ranks an exact spelling before a variant, though the variant is newer', async () => {
      const found = await search('l.registrar', 'Ada Mwale');
      expect(ids(found)).toEqual([records.ada!.id, records.adaTypo!.id]);
      expect(found.items[0]!.score).toBe(2);
      expect(found.items[1]!.score).toBeLessThan(2);
    });

    it('pages the results and keeps the total', async () => {
      const first = await search('n.registrar', 'Grace Mwale', '&limit=2');
      const second = await search('n.registrar', 'Grace Mwale', '&limit=2&offset=2');
      const all = await search('n.registrar', 'Grace Mwale', '&limit=100');
      expect(all.total).toBe(6);
      expect(first.total).toBe(6);
      expect(second.total).toBe(6);
      // Counted in full: only past 1,000 matches does the total become "1000 or more".
      expect(all.totalIsLowerBound).toBe(false);
      expect([...ids(first), ...ids(second)]).toEqual(ids(all).slice(0, 4));
    });

    it('finds the records of a name that has a word too many when none has every word', async () => {
      expect(ids(await search('l.registrar', 'Chileshe Namukolo Bwalya'))).toEqual([records.chileshe!.id]);
    });
  });

  describe('the advanced search', () => {
    it('finds by role, event date range and status', async () => {
      const byMother = await advanced('l.registrar', {
        eventType: 'birth',
        names: [{ role: 'mother', name: 'Grace Mwale' }],
        eventDate: { from: daysAgo(25), to: daysAgo(15) },
        status: ['REGISTERED'],
      });
      expect(ids(byMother)).toEqual([records.chileshe!.id]);
      expect(byMother.items[0]!.eventDate).toBe(daysAgo(20));

      const declaredOnly = await advanced('l.registrar', {
        names: [{ role: 'mother', name: 'Grace Mwale' }],
        status: ['DECLARED'],
        eventDate: { from: daysAgo(10) },
      });
      expect(new Set(ids(declaredOnly))).toEqual(
        new Set([records.ada!.id, records.adaTypo!.id, records.zoe!.id, records.philip!.id]),
      );
    });

    it('looks for a name only in the role asked for, and in the part asked for', async () => {
      expect((await advanced('n.registrar', { names: [{ role: 'child', name: 'Grace' }] })).total).toBe(0);
      expect(ids(await advanced('n.registrar', { names: [{ role: 'child', given: 'Philipp' }] }))).toEqual([
        records.philip!.id,
      ]);
      expect((await advanced('n.registrar', { names: [{ role: 'child', family: 'Philip' }] })).total).toBe(0);
      expect(ids(await advanced('n.registrar', { names: [{ role: 'child', given: 'Zoe', family: 'Phiri' }] }))).toEqual(
        [records.zoe!.id],
      );
      const swapped = await advanced('n.registrar', { names: [{ role: 'child', given: 'Phiri', family: 'Zoe' }] });
      expect(swapped.total).toBe(0);
    });

    it('combines people: the child and the mother of one record', async () => {
      const found = await advanced('n.registrar', {
        names: [
          { role: 'child', name: 'Zoe' },
          { role: 'mother', family: 'Mwale' },
        ],
      });
      expect(ids(found)).toEqual([records.zoe!.id]);
    });

    it('filters by area without names, sorted by event date', async () => {
      const found = await advanced('n.registrar', { area: 'NTH', sort: 'event-date' });
      expect(ids(found)).toEqual([records.ozere!.id]);
      const ibombo = await advanced('n.registrar', { area: 'CEN-IBO', sort: 'event-date' });
      expect(ibombo.total).toBe(5);
      expect(ibombo.items[0]!.recordId).toBe(records.chileshe!.id);
    });

    it('refuses an unknown criterion', async () => {
      const response = await call('n.registrar', 'POST', '/search/records', { motherName: 'Grace' });
      expect(response.statusCode).toBe(400);
    });
  });

  describe('jurisdiction', () => {
    it("shows each registrar only their district's records, totals included; the national registrar all", async () => {
      const local = await search('l.registrar', 'Ada Mwale');
      const other = await search('e.sakala', 'Ada Mwale');
      const national = await search('n.registrar', 'Ada Mwale');
      expect(ids(local)).not.toContain(records.ozere!.id);
      expect(ids(other)).toEqual([records.ozere!.id]);
      expect(new Set(ids(national))).toEqual(new Set([...ids(local), ...ids(other)]));
      expect(national.total).toBe(local.total + other.total);
      expect(local.total).toBe(2);
    });

    it('never finds a record of another district, by code or by name', async () => {
      expect((await search('e.sakala', records.chileshe!.trackingId)).total).toBe(0);
      expect((await search('e.sakala', 'Chileshe Bwalya')).total).toBe(0);
      expect((await advanced('e.sakala', { area: 'CEN-IBO' })).total).toBe(0);
      expect((await search('n.registrar', records.chileshe!.trackingId)).total).toBe(1);
    });

    it('answers 401 without a token and 403 without record.read', async () => {
      expect((await call(undefined, 'GET', '/search?q=Ada')).statusCode).toBe(401);
      expect((await call(undefined, 'POST', '/search/records', {})).statusCode).toBe(401);
      expect((await call('p.manager', 'GET', '/search?q=Ada')).statusCode).toBe(403);
      expect((await call('p.manager', 'POST', '/search/records', {})).statusCode).toBe(403);
    });
  });

  it('audits every search with its kind and result count, never what was typed', async () => {
    const before = await auditRows();
    await search('l.registrar', 'Chileshe Bwalya');
    await search('l.registrar', '4829304715');
    await advanced('l.registrar', { names: [{ role: 'mother', name: 'Grace Mwale' }] });
    const rows = (await auditRows()).slice(before.length);
    expect(rows.map((row) => [row.actor_role, row.subject, row.detail.kind, row.detail.results])).toEqual([
      ['local-registrar', 'records', 'name', 1],
      ['local-registrar', 'records', 'id', 1],
      ['local-registrar', 'records', 'advanced', 5],
    ]);
    expect(rows.every((row) => row.request_id !== null)).toBe(true);
    const text = JSON.stringify(await auditRows()).toLowerCase();
    for (const typed of ['chileshe', 'bwalya', '4829304715', 'grace', 'mwale']) expect(text).not.toContain(typed);
  });

  const auditRows = async () =>
    (
      await sql<{
        actor_role: string;
        subject: string;
        detail: Record<string, unknown>;
        request_id: string | null;
      }>`select actor_role, subject, detail, request_id from search.audit_log where action = 'record.search'
        order by id`.execute(civitas.database.root)
    ).rows;
});
