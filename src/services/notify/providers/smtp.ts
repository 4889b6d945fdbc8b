/** E-mail through an SMTP server (nodemailer). */
import type { Transporter } from 'nodemailer';
import type { Provider } from './provider.js';

export function smtpProvider(options: { url: string; from: string }): Provider {
  // nodemailer is large; it is loaded with the first e-mail, not at start.
  let transport: Promise<Transporter> | undefined;
  return {
    name: 'smtp',
    async send(message) {
      transport ??= import('nodemailer').then(({ createTransport }) => createTransport(options.url));
      const info = await (
        await transport
      ).sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
      });
      return { providerMessageId: info.messageId };
    },
  };
}
