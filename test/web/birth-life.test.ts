/**
 * The life of a birth in the web app, in a real browser against a real server: a hospital clerk declares it with an
 * attachment, a registration agent validates it, a registrar (who works in French) registers it and prints the
 * certificate, and the certificate's QR code verifies.
 */
import { sql } from 'kysely';
import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { qrModulesDrawn, readPdf } from '../../src/services/registry/certificates/test-pdf.js';
import { choosePlace, daysAgo, fillBirth, next, openInApp, SCAN, sendDeclaration, signIn } from './app-steps.js';
import { eventually } from '../helpers/http.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { recordsCreatedBy, startWebServer, type WebServer } from './web-server.js';

describe('the life of a birth in the web app', () => {
  let server: WebServer;
  let browser: Browser;
  let trackingId: string;
  let recordId: string;

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser profile per user, as on their own device. */
  async function as<T>(run: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext();
    try {
      return await run(await context.newPage());
    } finally {
      await context.close();
    }
  }

  it('a hospital clerk declares a birth with an attachment; the form checks fields and shows conditional ones', async () => {
    await as(async (page) => {
      await signIn(page, server.url, 'k.mumba');
      await openInApp(page, '/declare/birth');
      // Nothing filled: each required field says so, beside it.
      await page.locator('.form-section button[type=submit]').click();
      await expect.poll(() => page.locator('#field-child-firstNames-error').textContent()).toBe('Required.');
      await expect.poll(() => page.locator('#field-child-firstNames').getAttribute('aria-invalid')).toBe('true');
      // The facility is asked only for a birth in a health facility.
      expect(await page.locator('#field-child-birthFacility').count()).toBe(0);
      await page.locator('#field-child-placeOfBirthType').selectOption('health-facility');
      expect(await page.locator('#field-child-birthFacility').count()).toBe(1);
      await page.locator('#field-child-birthDate').fill('2999-01-01');
      await page.locator('.form-section button[type=submit]').click();
      await expect
        .poll(() => page.locator('#field-child-birthDate-error').textContent())
        .toBe('This date is in the future.');

      await fillBirth(page, { firstNames: 'Ada', familyName: 'Mwale' });
      expect(await page.locator('.review').textContent()).toContain(SCAN.name);
      await sendDeclaration(page);
      const item = page.locator('[data-testid=outbox-item]').first();
      await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
      trackingId = (await item.locator('[data-testid=outbox-tracking-id]').textContent())!;
    });
    const records = await recordsCreatedBy(server.civitas, 'k.mumba');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ tracking_id: trackingId, status: 'DECLARED' });
    recordId = records[0]!.id;
    // The attachment went up once, and belongs to the record the declaration made.
    const documents = await eventually('the attachment belongs to the record', async () => {
      const { rows } = await sql<{ record_id: string | null; content_type: string; name: string }>`
        select record_id, content_type, name from documents.documents`.execute(server.civitas.database.root);
      return rows.length === 1 && rows[0]!.record_id ? rows : undefined;
    });
    expect(documents[0]).toMatchObject({ record_id: recordId, content_type: 'image/png', name: SCAN.name });
  });

  it('a registration agent finds it ready for review and validates it', async () => {
    await as(async (page) => {
      expect(trackingId, 'the declaration of the first step').toBeDefined();
      await signIn(page, server.url, 'r.agent');
      await page.getByRole('link', { name: trackingId }).click();
      // Taken to work on, so nobody else acts on it meanwhile.
      await page.getByRole('button', { name: 'Assign to me' }).click();
      await page.getByRole('button', { name: 'Unassign' }).waitFor();
      await page.getByRole('button', { name: 'Validate' }).click();
      await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('Validated');
      // Validating hands it on to the registrar: it is released, not left assigned to the agent.
      await page.getByRole('button', { name: 'Assign to me' }).waitFor();
      // The declaration shows as the form labels it, with its attachment.
      const declaration = await page.locator('.record-data').textContent();
      expect(declaration).toContain('Ibombo General Hospital');
      expect(declaration).toContain('Document 1');
    });
  });

  it('a registrar registers it, prints the certificate, and its QR code verifies', async () => {
    const { pdf, shownUrl, history } = await as(async (page) => {
      expect(trackingId, 'the declaration of the first step').toBeDefined();
      await signIn(page, server.url, 'l.registrar');
      // l.registrar's account speaks French.
      await page.getByRole('link', { name: 'À examiner' }).waitFor();
      await page.getByRole('link', { name: trackingId }).click();
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('Enregistré');
      expect(await page.getByTestId('registration-number').textContent()).toMatch(/^B\d{4}-CEN-IBO-\d{6}$/);

      await page.locator('#collector-name').fill('Grace Mwale');
      // The PDF as the server sent it, passed on to the page unchanged.
      let pdf: Buffer = Buffer.alloc(0);
      await page.route(`**/api/v1/records/${recordId}/certificate`, async (route) => {
        const response = await route.fetch();
        expect(response.status()).toBe(200);
        expect(response.headers()['content-type']).toBe('application/pdf');
        pdf = await response.body();
        await route.fulfill({ response });
      });
      await page.getByRole('button', { name: "Imprimer l'acte" }).click();
      await page.locator('.qr img').waitFor();
      const open = page.getByRole('link', { name: "Ouvrir l'acte (PDF)" });
      expect(await open.getAttribute('href')).toMatch(/^blob:/);
      await expect.poll(() => page.locator('.history').textContent()).toContain('Acte imprimé');
      return {
        pdf,
        shownUrl: await page.locator('.verification-url').textContent(),
        history: await page.locator('.history tbody tr').allTextContents(),
      };
    });
    // Who did what: the clerk declared, the agent validated, the registrar (this user) registered and printed.
    expect(history.join('\n')).toMatch(/Déclaré[\s\S]*Agent hospitalier[\s\S]*Validé[\s\S]*Agent d’enregistrement/);
    expect(history.join('\n')).toMatch(/Attribué[\s\S]*Validé/);
    expect(history.join('\n')).toMatch(/Enregistré\s*Vous/);

    const page = (await readPdf(pdf)).pages[0]!;
    const link = page.links[0]!;
    expect(shownUrl).toBe(link);
    // The QR code drawn on the page carries that same address.
    const expected = QRCode.create(link, { errorCorrectionLevel: 'M' }).modules;
    const unit = page.rectangles.find(([, , width, height]) => width > 0 && height > 0 && height < 10)![3];
    expect(qrModulesDrawn(page, expected.size, unit)).toEqual(
      Array.from({ length: expected.size }, (_, row) =>
        Array.from({ length: expected.size }, (_, column) => (expected.get(row, column) ? 1 : 0)),
      ),
    );
    const verification = await (await fetch(link)).json();
    expect(verification).toMatchObject({ genuine: true, eventType: 'birth' });
  });

  it('a death declared with its conditional section is sent back with a reason, which the declarer then reads', async () => {
    const deathTrackingId = await as(async (page) => {
      await signIn(page, server.url, 'f.agent');
      await openInApp(page, '/declare/death');
      await page.locator('#field-deceased-firstNames').fill('Joseph');
      await page.locator('#field-deceased-familyName').fill('Tembo');
      await page.locator('#field-deceased-sex').selectOption('male');
      await page.locator('#field-deceased-maritalStatus').selectOption('married');
      await next(page);
      await page.locator('#field-death-dateOfDeath').fill(daysAgo(2));
      await page.locator('#field-death-placeOfDeathType').selectOption('usual-residence');
      await page.locator('#field-death-placeOfDeathAddress').fill('Plot 4, Ibombo');
      await choosePlace(page, 'field-death-placeOfDeathArea', 'CEN-IBO', 'CEN-IBO');
      await page.locator('#field-death-manner').selectOption('natural');
      await next(page);
      await page.locator('#field-informant-type').selectOption('spouse');
      await page.locator('#field-informant-firstNames').fill('Mary');
      await page.locator('#field-informant-familyName').fill('Tembo');
      await next(page);
      // Married: the spouse's section is asked for.
      expect(await page.locator('.form-section h2').textContent()).toBe("Spouse's details");
      await page.locator('#field-spouse-firstNames').fill('Mary');
      await page.locator('#field-spouse-familyName').fill('Tembo');
      await next(page);
      await next(page);
      await sendDeclaration(page);
      const item = page.locator('[data-testid=outbox-item]', { hasText: 'Joseph Tembo' });
      await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
      return (await item.getByTestId('outbox-tracking-id').textContent())!;
    });

    const reason = 'The date of death must be confirmed by the family.';
    await as(async (page) => {
      await signIn(page, server.url, 'r.agent');
      await page.getByRole('link', { name: deathTrackingId }).click();
      await page.getByRole('button', { name: 'Send back for updates' }).click();
      await page.locator('#reject-reason').fill(reason);
      await page.getByRole('button', { name: 'Send back', exact: true }).click();
      await expect.poll(() => page.getByTestId('record-status').textContent()).toBe('Requires updates');
    });

    await as(async (page) => {
      await signIn(page, server.url, 'f.agent');
      // The field agent's desk opens on what was sent back.
      await page.getByRole('link', { name: deathTrackingId }).click();
      expect(await page.locator('.facts').textContent()).toContain(reason);
      expect(await page.locator('.history').textContent()).toContain(reason);
    });
  });
});
