/**
 * Duplicate review in the web app: a birth declared twice (a typing error in the child's name) is flagged; the
 * registrar compares the two side by side, field by field with both values and each field's score, and decides,
 * with a reason: not a duplicate (the record goes on to registration) or a duplicate (it is archived).
 */
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/http.js';
import { birthDeclaration, daysAgo } from '../helpers/records.js';
import { apiAs, type Call } from './api-steps.js';
import { openInApp, signIn } from './app-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

describe('duplicate review in the web app', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let agent: Call;
  const born = daysAgo(9);

  /** Natasha Phiri's son, born in Ibombo; `firstNames` as typed this time. */
  function birth(firstNames: string) {
    const base = birthDeclaration('CEN-IBO', born);
    return {
      ...base,
      child: { ...base.child, firstNames, familyName: 'Phiri', sex: 'male' },
      mother: { ...base.mother, firstNames: 'Natasha', familyName: 'Phiri', birthDate: '1992-07-14' },
    };
  }

  /** Declared by the field agent, once the search index has it (later declarations are checked against it). */
  async function declare(firstNames: string): Promise<{ id: string; trackingId: string; flags: string[] }> {
    const { id } = await agent('POST', '/records', { eventType: 'birth' });
    const declared = await agent('POST', `/records/${String(id)}/declare`, { version: 1, data: birth(firstNames) });
    await eventually('the record is indexed', async () => {
      const { rows } = await sql`select 1 from search.records where record_id = ${String(id)}`.execute(
        server.civitas.database.root,
      );
      return rows.length > 0 ? true : undefined;
    });
    return declared as { id: string; trackingId: string; flags: string[] };
  }

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer({ services: 'config,auth,registry,documents,search,gateway' });
    await eventually('search knows the event types', async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from search.event_types`.execute(
        server.civitas.database.root,
      );
      return rows[0]!.n >= 3 ? true : undefined;
    });
    agent = await apiAs(server.url, 'f.agent');
    page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'l.registrar');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const candidate = () => page.getByTestId('duplicate-candidate');
  const row = (field: string) => candidate().locator(`tr[data-field="${field}"]`);

  it('shows both births side by side with each field’s values and score, and marks it not a duplicate', async () => {
    const first = await declare('Mutale');
    expect(first.flags).toEqual([]);
    const second = await declare('Mutalle');
    expect(second.flags).toContain('POTENTIAL_DUPLICATE');

    await openInApp(page, `/records/${second.id}`);
    // l.registrar works in French.
    await page.getByRole('link', { name: 'Comparer et décider' }).click();
    await expect.poll(() => candidate().count()).toBe(1);
    expect(await candidate().getAttribute('data-record')).toBe(first.id);
    expect(await candidate().textContent()).toContain(first.trackingId);
    // The child's first names: this record's, then the candidate's, how they agree, and a positive score.
    const names = await row('child.firstNames').locator('td').allTextContents();
    expect(names.slice(0, 2)).toEqual(['Mutalle', 'Mutale']);
    expect(Number(names[3]!.replace('−', '-'))).toBeGreaterThan(0);
    const mother = await row('mother.birthDate').locator('td').allTextContents();
    expect(mother[2]).toBe('Identique');
    expect(
      Number(
        await candidate()
          .getByTestId('duplicate-probability')
          .textContent()
          .then((text) => text!.match(/[\d.]+/)![0]),
      ),
    ).toBeGreaterThan(50);

    // A reason is needed.
    await page.getByLabel('Pas un doublon : une autre personne').check();
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByRole('alert').waitFor();
    await page.locator('#duplicate-reason').fill('Twins: the hospital notes two births that day');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.waitForURL(`**/records/${second.id}`);
    await expect.poll(() => page.locator('.history').textContent()).toContain('Marqué comme non doublon');
    expect(await page.locator('.history').textContent()).toContain('Twins: the hospital notes two births that day');
    // No longer flagged: it goes on (validated, then registered).
    expect(await page.locator('.facts').textContent()).not.toContain('Doublon possible');
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('Enregistré');
  });

  it('marks a birth declared again a duplicate of the first: it is archived, the history says of which', async () => {
    const first = await declare('Chanda');
    const again = await declare('Chandah');
    expect(again.flags).toContain('POTENTIAL_DUPLICATE');
    await openInApp(page, `/records/${again.id}/duplicates`);
    const choice = page.getByLabel(`Doublon de ${first.trackingId}`);
    await choice.check();
    await page.locator('#duplicate-reason').fill('Declared twice by the health centre');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.waitForURL(`**/records/${again.id}`);
    await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('Archivé');
    expect(await page.locator('.history').textContent()).toContain(`Doublon de ${first.trackingId}`);
  });
});
