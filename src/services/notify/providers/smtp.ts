/** E-mail through an SMTP server (nodemailer). */
import { createTransport } from 'nodemailer';
import type { Provider } from './provider.js';

export function smtpProvider(options: { url: string; from: string }): Provider {
  const transport = createTransport(options.url);
  return {
    name: 'smtp',
    async send(message) {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
      });
      return { providerMessageId: info.messageId };
    },
  };
}
