/**
 * notify: SMS and e-mail. Messages are queued in the service's own table and sent in the background through pluggable
 * providers (development folder, SMTP, HTTP SMS gateway), with retries and back-off; a failing provider never loses a
 * message and never holds up the request that queued it.
 */
import { join, resolve } from 'node:path';
import { coreEventMigrations } from '../../core/events/tables.js';
import { defineService, type ServiceContext } from '../../core/service.js';
import { sendAccountCodes, sendIdentityCodes, sendLoginCodes } from './consumers.js';
import './errors.js';
import { createMessages } from './migrations/0001-create-messages.js';
import type { Channel } from './model.js';
import { developmentProvider } from './providers/development.js';
import { httpSmsProvider } from './providers/http-sms.js';
import type { Provider } from './providers/provider.js';
import { smtpProvider } from './providers/smtp.js';
import type { NotifyTables } from './repository.js';
import { notifyRoutes } from './routes.js';
import { startSender, type Sender } from './sender.js';

function providersFor({ config }: ServiceContext<NotifyTables>): Record<Channel, Provider> {
  const folder = join(resolve(config.dataDir), 'notify-outbox');
  const { email, sms } = config.notify;
  return {
    email:
      email.provider === 'smtp' ? smtpProvider({ url: email.smtpUrl!, from: email.from }) : developmentProvider(folder),
    sms: sms.provider === 'http' ? httpSmsProvider({ url: sms.url!, token: sms.token }) : developmentProvider(folder),
  };
}

// The routes queue messages; the sender started in start() sends them, woken on each new message. One sender per
// running instance (tests may run several in one process), found by the instance's context.
const senders = new WeakMap<ServiceContext<NotifyTables>, Sender>();

export default defineService<NotifyTables>({
  name: 'notify',
  zone: 'internal',
  description: 'SMS and e-mail through an outbox and pluggable providers.',
  migrations: [...coreEventMigrations, createMessages],
  consumers: [sendLoginCodes, sendAccountCodes, sendIdentityCodes],
  routes: (app, context) => notifyRoutes(app, { db: context.db, wake: () => senders.get(context)?.wake() }),
  async start(context) {
    const sender = startSender({
      db: context.db,
      providers: providersFor(context),
      maxAttempts: context.config.notify.maxAttempts,
      backoffMs: context.config.notify.backoffMs,
      pollIntervalMs: context.config.notify.pollIntervalMs,
      log: context.log,
    });
    senders.set(context, sender);
    return async () => {
      await sender.stop();
      senders.delete(context);
    };
  },
});
