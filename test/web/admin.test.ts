/**
 * Administration in the web app: a national administrator creates a user, changes their role, deactivates and
 * reactivates them and resets their password, and adds and renames an office, with the keyboard alone for one of
 * them; a local registrar sees their office's staff but none of the controls their role does not grant. Every input
 * is labelled, and the screens fit a 360-px phone.
 */
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { sidewaysOverflow, tabTo, unlabelledInputs } from './a11y-checks.js';
import { openInApp, signIn } from './app-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

describe('administration in the web app', () => {
  let server: WebServer;
  let browser: Browser;
  let admin: Page;

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer();
    admin = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    admin.on('dialog', (dialog) => void dialog.accept());
    await signIn(admin, server.url, 'n.admin');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const userRow = (username: string) =>
    sql<{ role: string; office: string | null; active: boolean; phone: string | null; password_hash: string | null }>`
      select role, office, active, phone, password_hash from auth.users where username = ${username}`
      .execute(server.civitas.database.root)
      .then(({ rows }) => rows[0]);
  const status = (page: Page) => page.locator('p.success[role=status]').textContent();

  it('creates a user: field problems shown beside the field, then the invitation is sent', async () => {
    await admin.getByRole('link', { name: 'Administration' }).click();
    await admin.locator('table.queue').waitFor();
    expect(await admin.locator('table.queue').textContent()).toContain('Lina Registrar');
    await admin.getByRole('link', { name: 'New user' }).click();
    await admin.locator('#user-username').fill('m.banda');
    await admin.locator('#user-name').fill('Mary Banda');
    await admin.locator('#user-role').selectOption('registration-agent');
    await admin.locator('#user-office').selectOption('OFF-ISA');
    await admin.locator('#user-phone').fill('0971234567');
    await admin.getByRole('button', { name: 'Create the user' }).click();
    await expect.poll(() => admin.locator('#user-phone-error').textContent()).toContain('international form');
    expect(await admin.locator('#user-phone').getAttribute('aria-invalid')).toBe('true');
    await admin.locator('#user-phone').fill('+260971234567');
    await admin.getByRole('button', { name: 'Create the user' }).click();
    await expect.poll(() => status(admin)).toBe('Mary Banda is created and was sent a code to choose their password.');
    expect(await admin.locator('.page-head .badge').textContent()).toBe('Invited');
    expect(await userRow('m.banda')).toMatchObject({
      role: 'registration-agent',
      office: 'OFF-ISA',
      active: true,
      phone: '+260971234567',
      password_hash: null,
    });
    expect(await unlabelledInputs(admin)).toEqual([]);
  });

  it('changes the role and the office, deactivates, reactivates and resets the password', async () => {
    await admin.locator('#user-office').selectOption('OFF-IBO');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => status(admin)).toBe('Saved.');
    await admin.locator('#user-new-role').selectOption('local-registrar');
    await admin.getByRole('button', { name: 'Change the role' }).click();
    await expect.poll(() => status(admin)).toBe('The role is changed; the user must sign in again.');
    expect(await userRow('m.banda')).toMatchObject({ role: 'local-registrar', office: 'OFF-IBO' });

    await admin.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => status(admin)).toBe('The account is deactivated.');
    expect(await admin.locator('.page-head .badge').textContent()).toBe('Deactivated');
    expect((await userRow('m.banda'))?.active).toBe(false);
    // A deactivated account has no password to reset.
    expect(await admin.getByRole('button', { name: 'Reset the password' }).count()).toBe(0);
    await admin.getByRole('button', { name: 'Reactivate' }).click();
    await expect.poll(() => status(admin)).toBe('The account is active again.');
    expect((await userRow('m.banda'))?.active).toBe(true);

    await admin.getByRole('button', { name: 'Reset the password' }).click();
    await expect.poll(() => status(admin)).toMatch(/^A code was sent to choose a new password; it is valid until /);
  });

  it('lists users by office, role and status', async () => {
    await openInApp(admin, '/admin/users');
    await admin.locator('#filter-office').selectOption('OFF-IBO');
    await admin.locator('#filter-role').selectOption('local-registrar');
    await expect
      .poll(async () => (await admin.locator('table.queue tbody tr td:first-child').allTextContents()).sort())
      .toEqual(['Lina Registrar', 'Mary Banda']);
    await admin.locator('#filter-status').selectOption('inactive');
    await expect.poll(() => admin.locator('p.empty').textContent()).toBe('No user matches.');
  });

  it('adds an office and renames it, with the keyboard alone', async () => {
    await openInApp(admin, '/admin/offices');
    await admin.locator('table.queue').waitFor();
    await admin.locator('h1').focus();
    await tabTo(admin, /^New office$/);
    await admin.keyboard.press('Enter');
    await admin.locator('#office-code').waitFor();
    await tabTo(admin, /^Code/);
    await admin.keyboard.type('OFF-KAB');
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('Kabwe Registration Office');
    await admin.keyboard.press('Tab');
    // The area is found with the place picker (a large country has too many for a select): type, then Enter.
    await admin.keyboard.type('Zob');
    await admin.locator('#office-area[aria-activedescendant]').waitFor();
    expect(await admin.locator('[role=option][aria-selected=true]').getAttribute('data-code')).toBe('NTH-ZOB');
    await admin.keyboard.press('Enter');
    expect(await admin.locator('#office-area').getAttribute('data-code')).toBe('NTH-ZOB');
    await tabTo(admin, /^Create the office$/);
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/\/admin\/offices\/OFF-KAB$/);
    await expect.poll(() => admin.locator('#office-name').inputValue()).toBe('Kabwe Registration Office');

    await tabTo(admin, /^Office name/);
    await admin.keyboard.press('End');
    await admin.keyboard.type(' (North)');
    await admin.keyboard.press('Enter');
    await expect.poll(() => status(admin)).toBe('Saved.');
    const { rows } = await sql<{ name: string; area_code: string }>`select name, area_code from config.offices
      where code = 'OFF-KAB'`.execute(server.civitas.database.root);
    expect(rows).toEqual([{ name: 'Kabwe Registration Office (North)', area_code: 'NTH-ZOB' }]);
    expect(await unlabelledInputs(admin)).toEqual([]);
  });

  it('fits a 360-px phone', async () => {
    await admin.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/admin/users', '/admin/users/new', '/admin/offices', '/admin/offices/OFF-KAB']) {
      await openInApp(admin, path);
      await admin.locator('.admin h2').waitFor();
      expect(await sidewaysOverflow(admin), path).toBeLessThanOrEqual(0);
    }
  });

  it('shows a local registrar their office’s staff, without controls their role does not grant', async () => {
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    await signIn(page, server.url, 'l.registrar');
    // Lina works in French: her account's language.
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.locator('table.queue').waitFor();
    expect(await page.getByRole('link', { name: 'Bureaux' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Nouvel utilisateur' }).count()).toBe(0);
    const offices = await page.locator('table.queue tbody tr td:nth-child(4)').allTextContents();
    expect(new Set(offices)).toEqual(new Set(['Ibombo Registration Office']));
    await page.getByRole('link', { name: 'Rafael Agent' }).click();
    await page.locator('#user-name').waitFor();
    expect(await page.locator('#user-name').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Désactiver' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Changer le rôle' }).count()).toBe(0);
    await page.context().close();
  });
});
