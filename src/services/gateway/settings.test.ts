/** The settings the web app reads at /settings.json come from the configuration (web.* keys). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCivitas, type TestCivitas } from '../../../test/helpers/civitas.js';

describe('/settings.json', () => {
  let civitas: TestCivitas;
  beforeAll(async () => {
    civitas = await startTestCivitas({ services: 'config,gateway', 'web.offlineQueueLimit': '7' });
  });
  afterAll(async () => {
    await civitas?.close();
  });

  it('serves web.offlineQueueLimit as the device limit of unsent items', async () => {
    const settings = await civitas.app.inject({ url: '/settings.json' });
    expect(settings.statusCode).toBe(200);
    expect(settings.json()).toEqual({ offlineQueueLimit: 7 });
  });
});
