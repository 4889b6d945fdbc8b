/** The notify service sends what other services ask for through their events. */
import { defineConsumer } from '../../core/events/consumer.js';
import { AccountCodeRequested, LoginCodeRequested } from '../auth/api.js';
import { queueNotification } from './actions/queue-notification.js';
import type { NotifyDb, NotifyTables } from './repository.js';

export const sendLoginCodes = defineConsumer<NotifyTables>({
  name: 'send-login-codes',
  events: [LoginCodeRequested],
  async handle(event, tx) {
    const data = LoginCodeRequested.data.parse(event.data);
    await queueNotification(
      // The sender polls; it is not woken from here.
      { db: tx as unknown as NotifyDb, wake: () => undefined },
      {
        channel: data.channel,
        to: data.to,
        template: 'auth.login-code',
        language: data.language,
        variables: { code: data.code, minutes: data.minutes },
      },
      event.traceId,
    );
  },
});

export const sendAccountCodes = defineConsumer<NotifyTables>({
  name: 'send-account-codes',
  events: [AccountCodeRequested],
  async handle(event, tx) {
    const data = AccountCodeRequested.data.parse(event.data);
    await queueNotification(
      { db: tx as unknown as NotifyDb, wake: () => undefined },
      {
        channel: data.channel,
        to: data.to,
        template: data.purpose === 'invitation' ? 'auth.invitation' : 'auth.password-reset',
        language: data.language,
        variables: { name: data.name, username: data.username, code: data.code, minutes: data.minutes },
      },
      event.traceId,
    );
  },
});
