/**
 * Duplicate detection on declaration: a likely duplicate is flagged and cannot be registered until a registrar has
 * compared it side by side and decided; the failures of rule-based engines (siblings flagged, a birth year typed
 * wrong missed, names given in the other order missed) and twins, which are not duplicates.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';
import { birthDeclaration, daysAgo, startDemoCountry } from './helpers/records.js';

type Declaration = ReturnType<typeof birthDeclaration>;

describe('duplicate detection', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};
  let original: string;
  const born = daysAgo(10);

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });

  /** Our family: Natasha Phiri's children, born in Ibombo. */
  function child(changes: { child?: Partial<Declaration['child']>; mother?: Partial<Declaration['mother']> } = {}) {
    const base = birthDeclaration('CEN-IBO', born);
    return {
      ...base,
      child: { ...base.child, firstNames: 'Mutale', familyName: 'Phiri', sex: 'male', ...changes.child },
      mother: {
        ...base.mother,
        firstNames: 'Natasha',
        familyName: 'Phiri',
        birthDate: '1992-07-14',
        nationalId: '5930284716',
        ...changes.mother,
      },
    };
  }

  async function declare(data: object) {
    const created = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    const declared = await call('f.agent', 'POST', `/records/${created.id}/declare`, { version: 1, data });
    expect(declared.statusCode, declared.body).toBe(200);
    const record = declared.json();
    // Later declarations are checked against this one: wait until the index has it.
    await eventually('the record is indexed', async () => {
      const { rows } = await sql`select 1 from search.records where record_id = ${record.id}`.execute(
        civitas.database.root,
      );
      return rows.length > 0 ? true : undefined;
    });
    return record as { id: string; version: number; flags: string[]; duplicates: { recordId: string }[] };
  }

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['f.agent', 'r.agent', 'l.registrar', 'e.sakala'], {
      services: 'config,auth,registry,search',
    }));
    await eventually('search knows the event types', async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from search.event_types`.execute(
        civitas.database.root,
      );
      return rows[0]!.n >= 3 ? true : undefined;
    });
    const first = await declare(child());
    expect(first.flags).toEqual([]);
    original = first.id;
  });
  afterAll(async () => {
    await civitas.close();
  });

  it('flags a child declared twice with a typing error, and refuses to register it until reviewed', async () => {
    const again = await declare(child({ child: { firstNames: 'Mutalle' } }));
    expect(again.flags).toContain('POTENTIAL_DUPLICATE');
    expect(again.duplicates.map((found) => found.recordId)).toEqual([original]);
    const registered = await call('l.registrar', 'POST', `/records/${again.id}/register`, { version: again.version });
    expect(registered.json()).toMatchObject({ code: 'REGISTRY_NOT_READY' });

    // Side by side: both values of each field, how they agree, and the weight of it.
    const compared = await call('l.registrar', 'GET', `/search/duplicates/${again.id}`);
    expect(compared.statusCode, compared.body).toBe(200);
    const candidate = compared.json().candidates[0];
    expect(candidate).toMatchObject({ recordId: original, likelyDuplicate: true, likelyRelatives: false });
    expect(candidate.probability).toBeGreaterThan(0.8);
    const firstNames = candidate.fields.find((field: { field: string }) => field.field === 'child.firstNames');
    expect(firstNames).toMatchObject({ values: ['Mutalle', 'Mutale'], level: 'jw>=0.92' });
    expect(firstNames.weight).toBeGreaterThan(0);
    // Another district's registrar may not look at it.
    expect((await call('e.sakala', 'GET', `/search/duplicates/${again.id}`)).statusCode).toBe(404);

    // Marking it a duplicate archives it, with the reason in its history.
    const missingReason = await call('l.registrar', 'POST', `/records/${again.id}/mark-duplicate`, {
      version: again.version,
    });
    expect(missingReason.statusCode).toBe(400);
    const marked = await call('l.registrar', 'POST', `/records/${again.id}/mark-duplicate`, {
      version: again.version,
      reason: `Same child as ${original}`,
    });
    expect(marked.json()).toMatchObject({ status: 'ARCHIVED', flags: [] });
  });

  it('finds a duplicate whose birth year was typed wrong, and one with the names in the other order', async () => {
    const year = Number(born.slice(0, 4)) - 2;
    const wrongYear = await declare(child({ child: { birthDate: `${year}${born.slice(4)}` } }));
    expect(wrongYear.duplicates.map((found) => found.recordId)).toContain(original);
    const swapped = await declare(child({ child: { firstNames: 'Phiri', familyName: 'Mutale' } }));
    expect(swapped.duplicates.map((found) => found.recordId)).toContain(original);
  });

  it('does not take a brother or a twin for a duplicate', async () => {
    const brother = await declare(child({ child: { firstNames: 'Bwalya', birthDate: '2023-03-02' } }));
    expect(brother.flags).not.toContain('POTENTIAL_DUPLICATE');
    // Same mother, same day and place, same sex: only the given names differ.
    const twin = await declare(child({ child: { firstNames: 'Chisomo' } }));
    expect(twin.flags).not.toContain('POTENTIAL_DUPLICATE');
    const compared = (await call('l.registrar', 'GET', `/search/duplicates/${twin.id}`)).json();
    const asOriginal = compared.candidates.find((candidate: { recordId: string }) => candidate.recordId === original);
    expect(asOriginal).toMatchObject({ likelyDuplicate: false, likelyRelatives: true });
    expect(asOriginal.probability).toBeLessThan(0.8);
  });

  it('lets a registrar clear a flag with a reason; the record is not flagged again for the same candidate', async () => {
    // Twins with names so alike that the engine flags them: the registrar compares and says why they differ.
    const twin = await declare(child({ child: { firstNames: 'Mutaleh' } }));
    expect(twin.flags).toContain('POTENTIAL_DUPLICATE');
    const cleared = await call('l.registrar', 'POST', `/records/${twin.id}/mark-not-duplicate`, {
      version: twin.version,
      reason: 'Twins: two birth notifications from the hospital',
    });
    expect(cleared.json()).toMatchObject({ status: 'DECLARED', flags: [], duplicates: [] });
    const validated = await call('r.agent', 'POST', `/records/${twin.id}/validate`, { version: twin.version + 1 });
    expect(validated.json()).toMatchObject({ status: 'VALIDATED', flags: [] });
    const registered = await call('l.registrar', 'POST', `/records/${twin.id}/register`, {
      version: twin.version + 2,
    });
    expect(registered.json()).toMatchObject({ status: 'REGISTERED' });
    const history = await sql<{ type: string; reason: string | null }>`select type, reason from registry.actions
      where record_id = ${twin.id} order by seq`.execute(civitas.database.root);
    expect(history.rows.map((row) => row.type)).toEqual([
      'CREATE',
      'DECLARE',
      'MARK_NOT_DUPLICATE',
      'VALIDATE',
      'REGISTER',
    ]);
    expect(history.rows[2]!.reason).toMatch(/Twins/);
  });
});
