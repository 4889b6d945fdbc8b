/** Notifications: queued at once, sent in the background through a provider, retried, never lost, codes not kept. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { eventually } from './helpers/http.js';
import { captureLog } from './helpers/log.js';
import { freePort } from './helpers/nats.js';

const certificateSms = (trackingId: string) => ({
  channel: 'sms',
  to: '+260977123456',
  template: 'registry.certificate-ready',
  variables: { trackingId },
});

const FAST = { 'notify.backoffMs': '50,100', 'notify.pollIntervalMs': '50', 'notify.maxAttempts': '3' };

/** An SMS gateway that refuses the first `failures` requests with 503. */
async function smsGateway(failures: number) {
  const received: Array<{ to: string; text: string }> = [];
  let calls = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls += 1;
      if (calls <= failures) {
        response.writeHead(503).end();
        return;
      }
      received.push(JSON.parse(body) as { to: string; text: string });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${calls}` }));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    calls: () => calls,
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('notify', () => {
  const running: TestCivitas[] = [];
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const civitas of running.splice(0)) await civitas.close();
    for (const close of closers.splice(0)) await close();
  });

  async function start(flags: Record<string, string>, options: Parameters<typeof startTestCivitas>[1] = {}) {
    const civitas = await startTestCivitas({ services: 'notify', ...FAST, ...flags }, options);
    running.push(civitas);
    return civitas;
  }
  const send = (civitas: TestCivitas, body: unknown) =>
    civitas.app.inject({ method: 'POST', url: '/api/v1/notifications', payload: body as object });
  const statusOf = async (civitas: TestCivitas, id: string) =>
    (await civitas.app.inject({ url: `/api/v1/notifications/${id}` })).json<{
      status: string;
      attempts: number;
      lastError: string | null;
    }>();
  const sentOrFailed = (civitas: TestCivitas, id: string) =>
    eventually(`message ${id} settled`, async () => {
      const message = await statusOf(civitas, id);
      return message.status === 'pending' ? undefined : message;
    });

  it('writes a message to the development folder, and keeps no one-time code once sent (nor logs it)', async () => {
    const captured = captureLog();
    const civitas = await start({}, { log: captured.log });
    const response = await send(civitas, {
      channel: 'email',
      to: 'clerk@example.org',
      template: 'auth.login-code',
      language: 'fr',
      variables: { code: '482913', minutes: 10 },
    });
    expect(response.statusCode).toBe(202);
    const { id } = response.json<{ id: string }>();
    expect(await sentOrFailed(civitas, id)).toMatchObject({ status: 'sent', attempts: 1 });

    const file = JSON.parse(readFileSync(join(civitas.location.dataDir, 'notify-outbox', `${id}.json`), 'utf8'));
    expect(file).toMatchObject({ to: 'clerk@example.org', subject: 'Votre code de connexion Civitas' });
    expect(file.body).toContain('482913');
    const stored = await sql<{ body: string | null }>`select body from notify.messages where id = ${id}`.execute(
      civitas.database.root,
    );
    expect(stored.rows[0]!.body).toBeNull();
    expect(captured.text()).toContain('message sent');
    expect(captured.text()).not.toContain('482913');
    expect(captured.text()).not.toContain('clerk@example.org');
  });

  it('refuses a bad recipient, an unknown template and a missing value, queuing nothing', async () => {
    const civitas = await start({});
    const phone = await send(civitas, {
      channel: 'sms',
      to: '0977 123',
      template: 'auth.login-code',
      variables: { code: 1, minutes: 5 },
    });
    expect(phone.statusCode).toBe(400);
    expect(phone.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' });
    const unknown = await send(civitas, { channel: 'sms', to: '+260977123456', template: 'no.such' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'NOTIFY_TEMPLATE_NOT_FOUND', field: 'template' });
    const missing = await send(civitas, {
      channel: 'sms',
      to: '+260977123456',
      template: 'auth.login-code',
      variables: { code: 1 },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ field: 'variables.minutes' });
    const queued = await sql<{ count: number }>`select count(*)::int as count from notify.messages`.execute(
      civitas.database.root,
    );
    expect(queued.rows[0]!.count).toBe(0);
  });

  it('answers at once while the SMS gateway fails, and retries with back-off until it accepts', async () => {
    const gateway = await smsGateway(2);
    closers.push(gateway.close);
    const civitas = await start({ 'notify.sms.provider': 'http', 'notify.sms.url': gateway.url });
    const response = await send(civitas, certificateSms('B7K2Q9'));
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'pending' });
    const settled = await sentOrFailed(civitas, response.json<{ id: string }>().id);
    expect(settled).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(gateway.received).toEqual([
      expect.objectContaining({ to: '+260977123456', text: 'The certificate for record B7K2Q9 is ready to collect.' }),
    ]);
  });

  it('marks a message failed after the last attempt, with why', async () => {
    const gateway = await smsGateway(100);
    closers.push(gateway.close);
    const civitas = await start({ 'notify.sms.provider': 'http', 'notify.sms.url': gateway.url });
    const response = await send(civitas, certificateSms('B7K2Q9'));
    const settled = await sentOrFailed(civitas, response.json<{ id: string }>().id);
    expect(settled).toMatchObject({ status: 'failed', attempts: 3, lastError: 'SMS gateway answered 503' });
    expect(gateway.calls()).toBe(3);
  });

  it('keeps a queued message through a restart and sends it once the gateway is back', async () => {
    const location: TestDatabaseLocation = await createTestDatabase();
    closers.push(() => location.drop());
    const down = await start(
      { 'notify.sms.provider': 'http', 'notify.sms.url': 'http://127.0.0.1:9/nothing', 'notify.maxAttempts': '50' },
      { location },
    );
    const response = await send(down, certificateSms('R1'));
    const id = response.json<{ id: string }>().id;
    await eventually('a failed attempt', async () => ((await statusOf(down, id)).lastError ? true : undefined));
    await running.splice(running.indexOf(down), 1)[0]!.close();

    const gateway = await smsGateway(0);
    closers.push(gateway.close);
    const up = await start(
      { 'notify.sms.provider': 'http', 'notify.sms.url': gateway.url, 'notify.maxAttempts': '50' },
      { location },
    );
    expect(await sentOrFailed(up, id)).toMatchObject({ status: 'sent' });
    expect(gateway.received).toHaveLength(1);
  });

  it('sends e-mail through an SMTP server', async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          mails.push(data);
          done();
        });
      },
    });
    const port = await freePort();
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const civitas = await start({
      'notify.email.provider': 'smtp',
      'notify.email.smtpUrl': `smtp://127.0.0.1:${port}`,
    });
    const response = await send(civitas, {
      channel: 'email',
      to: 'registrar@example.org',
      template: 'auth.password-reset',
      variables: { name: 'Amara', username: 'amara', code: 'k7qm-2xwd', minutes: 10 },
    });
    expect(await sentOrFailed(civitas, response.json<{ id: string }>().id)).toMatchObject({ status: 'sent' });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/Subject: Reset your Civitas password/);
    expect(mails[0]).toMatch(/To: registrar@example.org/);
    expect(mails[0]).toContain('Hello Amara');
  });
});
