/** What a user does in the web app, as steps the browser tests share. */
import type { Page } from 'playwright-core';
import { encodePng } from '../../web/build/png.js';
import { DEMO_PIN } from './web-server.js';

export const DEMO_PASSWORD = 'civitas-demo-password';

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A small real PNG (the server checks a document's type on its content). */
export const SCAN = {
  name: 'birth-notification.png',
  mimeType: 'image/png',
  buffer: encodePng(4, 4, () => [20, 40, 60, 255]),
};

/** Signs in with the password and the development code, then sets the PIN (first time) or gives it. */
export async function signIn(page: Page, url: string, username: string, pin = DEMO_PIN): Promise<void> {
  await page.goto(url);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('#code').fill('000000');
  await page.locator('form button[type=submit]').click();
  const setting = page.locator('#pin-again');
  const unlocking = page.locator('#unlock-pin');
  await setting.or(unlocking).waitFor();
  if (await setting.isVisible()) {
    await page.locator('#pin').fill(pin);
    await setting.fill(pin);
  } else {
    await unlocking.fill(pin);
  }
  await page.locator('form button[type=submit]').click();
  await page.locator('header.top').waitFor();
}

/** Moves within the app as its links do (a page load would lock the screen: the PIN is asked after each load). */
export async function openInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

export async function unlockWithPin(page: Page, pin = DEMO_PIN): Promise<void> {
  await page.locator('#unlock-pin').fill(pin);
  await page.locator('form button[type=submit]').click();
  await page.locator('header.top').waitFor();
}

export interface Birth {
  readonly firstNames: string;
  readonly familyName: string;
  readonly area?: string;
  readonly motherFirstNames?: string;
}

/** Fills the demo country's birth form (born in a health facility, father unknown, with the facility's notice). */
export async function fillBirth(page: Page, birth: Birth): Promise<void> {
  await openInApp(page, '/declare/birth');
  await page.locator('#field-child-firstNames').fill(birth.firstNames);
  await page.locator('#field-child-familyName').fill(birth.familyName);
  await page.locator('#field-child-sex').selectOption('female');
  await page.locator('#field-child-birthDate').fill(daysAgo(3));
  await page.locator('#field-child-placeOfBirthType').selectOption('health-facility');
  await choosePlace(page, 'field-child-birthFacility', 'Ibombo General', 'FAC-IBO-GH');
  await choosePlace(page, 'field-child-placeOfBirthArea', birth.area ?? 'CEN-IBO', birth.area ?? 'CEN-IBO');
  await next(page);
  await page.locator('#field-mother-firstNames').fill(birth.motherFirstNames ?? 'Grace');
  await page.locator('#field-mother-familyName').fill(birth.familyName);
  await page.locator('#field-mother-birthDate').fill('1995-04-02');
  await page.locator('#field-mother-nationality').selectOption('XDM');
  await next(page);
  await page.locator('#field-father-detailsNotAvailable').check();
  await page.locator('#field-father-reasonNotAvailable').fill('Not known to the mother');
  await next(page);
  await page.locator('#field-informant-type').selectOption('mother');
  await next(page);
  await page.locator('#field-documents-proofOfBirth-file').setInputFiles(SCAN);
  await page.locator('.files li', { hasText: SCAN.name }).waitFor();
  await next(page);
}

/** A place field: types `text` (part of a name, or a code), then takes the suggestion of the place `code`. */
export async function choosePlace(page: Page, fieldId: string, text: string, code: string): Promise<void> {
  const box = page.locator(`#${fieldId}`);
  await box.fill(text);
  await page.locator(`[role=option][data-code="${code}"]`).click();
  await page.waitForFunction(
    ([id, want]) => document.getElementById(id!)?.getAttribute('data-code') === want,
    [fieldId, code],
  );
}

/** Continue: to the next section of the form (waits until it shows). */
export async function next(page: Page): Promise<void> {
  const heading = await page.locator('.form-section h2').textContent();
  await page.locator('.form-section button[type=submit]').click();
  await page.waitForFunction(
    (previous) => document.querySelector('.form-section h2')?.textContent !== previous,
    heading,
  );
}

/** On the review page: sends the declaration to the outbox. */
export async function sendDeclaration(page: Page): Promise<void> {
  await page.locator('.review').waitFor();
  await page.getByRole('button', { name: /Send the declaration|Envoyer la déclaration/ }).click();
  await page.waitForURL(/\/outbox$/);
}

/** Waits until the device keeps its places (the locations feed read to its end, in IndexedDB). */
export async function waitForPlacesKept(page: Page, timeout = 60_000): Promise<void> {
  // A loop of evaluate, not waitForFunction: the latter takes a pending promise for a true answer.
  const deadline = Date.now() + timeout;
  while (!(await placesKept(page))) {
    if (Date.now() > deadline) throw new Error(`the places were not on the device within ${timeout} ms`);
    await page.waitForTimeout(250);
  }
}

function placesKept(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    // Opening a database that is not there would create it, empty.
    if (!(await indexedDB.databases()).some((known) => known.name === 'civitas-locations')) return false;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('civitas-locations');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('state')) return false;
      const state = await new Promise<{ total: number | null; fullRead: boolean } | undefined>((resolve) => {
        const request = db.transaction('state').objectStore('state').get('state');
        request.onsuccess = () => resolve(request.result);
      });
      return state !== undefined && state.total !== null && !state.fullRead;
    } finally {
      db.close();
    }
  });
}
