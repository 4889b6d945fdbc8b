/** The notify service sends what other services ask for through their events. */
import { defineConsumer } from '../../core/events/consumer.js';
import { uuidv7 } from '../../core/events/uuidv7.js';
import { AccountCodeRequested, LoginCodeRequested } from '../auth/api.js';
import { IdentityOtpRequested } from '../identity/api.js';
import { queueNotification } from './actions/queue-notification.js';
import { insertMessage, type NotifyDb, type NotifyTables } from './repository.js';

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

/**
 * The wording of identity-verification codes. It lives here rather than in templates.ts until that table gains an
 * `identity.otp` template; the message is sensitive (its text is erased once sent), as sign-in codes are.
 */
function identityCodeText(data: { code: string; minutes: number; requestedBy: string | null }, language: string) {
  const french = language === 'fr';
  const who = data.requestedBy ?? (french ? 'vous-même' : 'yourself');
  const body = french
    ? `Votre code de vérification d’identité Civitas est ${data.code} (demandé par ${who}). Il expire dans ${data.minutes} minutes. Ne le donnez qu’à qui vous voulez laisser vérifier votre identité.`
    : `Your Civitas identity verification code is ${data.code} (asked by ${who}). It expires in ${data.minutes} minutes. Give it only to whom you allow to verify your identity.`;
  return { subject: french ? 'Votre code de vérification d’identité' : 'Your identity verification code', body };
}

export const sendIdentityCodes = defineConsumer<NotifyTables>({
  name: 'send-identity-codes',
  events: [IdentityOtpRequested],
  async handle(event, tx) {
    const data = IdentityOtpRequested.data.parse(event.data);
    const text = identityCodeText(data, data.language);
    await insertMessage(tx as unknown as NotifyDb, {
      id: uuidv7(),
      channel: data.channel,
      recipient: data.to,
      template: 'identity.otp',
      language: data.language === 'fr' ? 'fr' : 'en',
      subject: data.channel === 'email' ? text.subject : null,
      body: text.body,
      sensitive: true,
      next_attempt_at: new Date(),
      trace_id: event.traceId,
    });
  },
});
