/**
 * The language switch: a registrar working in English switches to French, and the workqueue, the birth form (the
 * app's texts and the configured labels), the administration, statistics and search screens speak French; the
 * choice is kept on the device, and switching back speaks English again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openInApp, signIn, unlockWithPin } from './app-steps.js';
import { beforeAllOrFailEach, launchChromium } from './chromium.js';
import { startWebServer, type WebServer } from './web-server.js';

describe('the language switch', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;

  beforeAllOrFailEach(async () => {
    browser = await launchChromium();
    server = await startWebServer({ services: 'config,auth,registry,documents,search,metrics,gateway' });
    const context = await browser.newContext({ serviceWorkers: 'block', locale: 'en-GB' });
    page = await context.newPage();
    // Lina's account says French; this device was set to English before.
    await page.addInitScript(() => {
      if (!localStorage.getItem('civitas.language')) localStorage.setItem('civitas.language', 'en');
    });
    await signIn(page, server.url, 'l.registrar');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const heading = () => page.locator('main h1').first().textContent();
  const switchTo = (language: 'en' | 'fr') => page.locator('header .language-switch select').selectOption(language);

  it('starts in the device’s language, then speaks French on the workqueue once switched', async () => {
    await expect.poll(heading).toBe('Workqueue');
    await switchTo('fr');
    await expect.poll(heading).toBe('Corbeille');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('nav.tabs').textContent()).toContain('À examiner');
    expect(await page.locator('header nav').textContent()).toContain('Statistiques');
    expect(await page.locator('#quick-search').getAttribute('placeholder')).toBe(
      'N° de suivi, numéro, téléphone ou nom',
    );
  });

  it('speaks French on the birth form: the app’s texts and the configured labels', async () => {
    await openInApp(page, '/declare/birth');
    await expect.poll(() => page.locator('label[for=field-child-firstNames]').textContent()).toContain('Prénom(s)');
    expect(await page.locator('.form-section button[type=submit]').textContent()).toBe('Continuer');
    await page.locator('.form-section button[type=submit]').click();
    await expect.poll(() => page.locator('#field-child-firstNames-error').textContent()).toBe('Obligatoire.');
  });

  it('speaks French on the administration, statistics and search screens', async () => {
    await openInApp(page, '/admin/users');
    await expect.poll(() => page.locator('.admin h2').textContent()).toBe('Utilisateurs');
    expect(await page.locator('table.queue thead').textContent()).toBe("NomNom d'utilisateurRôleBureauStatut");
    await openInApp(page, '/statistics');
    await expect
      .poll(() => page.locator('#stats-months-title').textContent())
      .toBe('Enregistrements par mois, Tout le pays');
    await openInApp(page, '/search/advanced');
    await expect.poll(heading).toBe('Recherche avancée');
    expect(await page.locator('label[for=search-name-0]').textContent()).toBe("Nom (l'un quelconque de ses noms)");
  });

  it('keeps the choice on the device, and speaks English again when switched back', async () => {
    await page.reload();
    await unlockWithPin(page);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
    await openInApp(page, '/search/advanced');
    await expect.poll(heading).toBe('Recherche avancée');
    await switchTo('en');
    await expect.poll(heading).toBe('Advanced search');
    await openInApp(page, '/');
    await expect.poll(heading).toBe('Workqueue');
  });
});
