/**
 * After registration, in the web app: an agent asks for a correction of a registered birth (the form filled with the
 * registered values, only the changes sent, with a reason); a registrar sees both values side by side and approves
 * it, or refuses another with a reason. The registrar then prints the certificate for someone else who collects it,
 * with their identity document: the PDF shows in the page, with its QR code, which verifies.
 */
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { apiAs, declareBirth, type Call } from './api-steps.js';
import { openInApp, signIn } from './app-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

describe('corrections and certificates in the web app', () => {
  let server: WebServer;
  let browser: Browser;
  let agentPage: Page;
  let registrarPage: Page;
  let agent: Call;
  let birth: { id: string; trackingId: string };

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer();
    const clerk = await apiAs(server.url, 'k.mumba');
    agent = await apiAs(server.url, 'r.agent');
    birth = await declareBirth(
      clerk,
      { firstNames: 'Ada', familyName: 'Mwale' },
      await apiAs(server.url, 'n.registrar'),
    );
    agentPage = await (await browser.newContext()).newPage();
    registrarPage = await (await browser.newContext()).newPage();
    await signIn(agentPage, server.url, 'r.agent');
    await signIn(registrarPage, server.url, 'n.registrar');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const changes = (page: Page) => page.getByTestId('correction-change');

  it('an agent asks for a correction; only the changed field goes, and the record waits for approval', async () => {
    await openInApp(agentPage, `/records/${birth.id}`);
    await agentPage.getByRole('link', { name: 'Request a correction' }).click();
    expect(await agentPage.locator('#field-child-firstNames').inputValue()).toBe('Ada');
    // Nothing changed yet: nothing to send.
    await agentPage.getByRole('button', { name: 'Send the correction for approval' }).click();
    expect(await agentPage.getByRole('alert').textContent()).toBe('Nothing is changed yet.');
    await agentPage.locator('#field-child-firstNames').fill('Adah');
    expect(await agentPage.locator('.request-correction [role=status]').textContent()).toBe('1 fields changed');
    await agentPage.locator('#correction-reason').fill('Misspelt at declaration; see the hospital notice');
    await agentPage.getByRole('button', { name: 'Send the correction for approval' }).click();
    await agentPage.waitForURL(`**/records/${birth.id}`);
    await expect.poll(() => changes(agentPage).count()).toBe(1);
    expect(await changes(agentPage).locator('td').allTextContents()).toEqual(['Ada', 'Adah']);
    expect(await agentPage.locator('.correction').textContent()).toContain('A registrar must approve it');
    expect(await agentPage.getByRole('button', { name: 'Approve the correction' }).count()).toBe(0);
    // Registered values stay until then.
    expect(await agentPage.locator('.record-data').textContent()).toContain('Ada');
    expect(await agentPage.locator('.record-data').textContent()).not.toContain('Adah');
  });

  it('a registrar approves it: the record holds the new value, the history both', async () => {
    await openInApp(registrarPage, `/records/${birth.id}`);
    await expect.poll(() => changes(registrarPage).count()).toBe(1);
    expect(await registrarPage.locator('.correction').textContent()).toContain('Misspelt at declaration');
    await registrarPage.getByRole('button', { name: 'Approve the correction' }).click();
    await registrarPage.getByText('The correction is approved').waitFor();
    await expect.poll(() => registrarPage.locator('.record-data').textContent()).toContain('Adah');
    expect(await registrarPage.locator('.history').textContent()).toMatch(
      /Correction requested[\s\S]*Correction approved/,
    );
  });

  it('a registrar refuses another correction with a reason', async () => {
    const record = await agent('GET', `/records/${birth.id}`);
    await agent('POST', `/records/${birth.id}/request-correction`, {
      version: record.version,
      data: { child: { familyName: 'Banda' } },
      reason: 'The family name is the father’s',
    });
    await openInApp(registrarPage, '/');
    await openInApp(registrarPage, `/records/${birth.id}`);
    await registrarPage.getByRole('button', { name: 'Refuse the correction' }).click();
    await registrarPage.locator('#correction-refusal').fill('The mother is not married: her family name stands');
    await registrarPage.locator('.correction form button[type=submit]').click();
    await registrarPage.getByText('The correction is refused.').waitFor();
    await expect.poll(() => registrarPage.locator('.history').textContent()).toContain('Correction refused');
    expect(await registrarPage.locator('.history').textContent()).toContain('her family name stands');
    expect(await registrarPage.locator('.record-data').textContent()).toContain('Mwale');
  });

  it('prints the certificate for someone else with their identity document: preview, QR code, verified', async () => {
    await registrarPage.locator('#collector-type').selectOption('other');
    await registrarPage.locator('#collector-name').fill('Peter Zulu');
    await registrarPage.getByRole('button', { name: 'Print the certificate' }).click();
    expect(await registrarPage.locator('.certificate [role=alert]').textContent()).toContain('identity document');
    await registrarPage.locator('#collector-id-type').selectOption('national-id');
    await registrarPage.locator('#collector-id-number').fill('123456/78/1');
    await registrarPage.getByRole('button', { name: 'Print the certificate' }).click();
    await registrarPage.locator('.qr img').waitFor();
    expect(await registrarPage.getByTestId('certificate-preview').getAttribute('data')).toMatch(/^blob:/);
    expect(await registrarPage.getByTestId('certificate-preview').getAttribute('type')).toBe('application/pdf');
    const link = (await registrarPage.locator('.verification-url').textContent())!;
    expect(await (await fetch(link)).json()).toMatchObject({ genuine: true, eventType: 'birth' });

    const { rows } = await sql<{ details: { collector: unknown } }>`
      select details from registry.actions where record_id = ${birth.id} and type = 'PRINT_CERTIFICATE'
    `.execute(server.civitas.database.root);
    expect(rows.map((row) => row.details.collector)).toEqual([
      { type: 'other', name: 'Peter Zulu', idType: 'national-id', idNumber: '123456/78/1' },
    ]);
  });
});
