/** The notify service sends what other services ask for through their events. */
import { defineConsumer } from '../../core/events/consumer.js';
import { LoginCodeRequested } from '../auth/events.js';
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
