/**
 * Message templates per channel and language. `{{name}}` is replaced by a variable; a template says which variables it
 * needs and whether its text is sensitive (a one-time code), in which case the text is erased once sent.
 */
import type { Channel } from './model.js';

interface Text {
  readonly subject?: string;
  readonly body: string;
}

export interface Template {
  readonly variables: readonly string[];
  readonly sensitive: boolean;
  readonly text: Partial<Record<Channel, Readonly<Record<string, Text>>>>;
}

export const TEMPLATES: Readonly<Record<string, Template>> = {
  'auth.login-code': {
    variables: ['code', 'minutes'],
    sensitive: true,
    text: {
      sms: {
        en: { body: 'Your Civitas sign-in code is {{code}}. It expires in {{minutes}} minutes. Never share it.' },
        fr: {
          body: 'Votre code de connexion Civitas est {{code}}. Il expire dans {{minutes}} minutes. Ne le partagez jamais.',
        },
      },
      email: {
        en: {
          subject: 'Your Civitas sign-in code',
          body: 'Your sign-in code is {{code}}.\n\nIt expires in {{minutes}} minutes. If you did not try to sign in, tell your administrator.',
        },
        fr: {
          subject: 'Votre code de connexion Civitas',
          body: "Votre code de connexion est {{code}}.\n\nIl expire dans {{minutes}} minutes. Si vous n'avez pas essayé de vous connecter, prévenez votre administrateur.",
        },
      },
    },
  },
  'auth.password-reset': {
    variables: ['name', 'link'],
    sensitive: true,
    text: {
      email: {
        en: {
          subject: 'Reset your Civitas password',
          body: 'Hello {{name}},\n\nOpen this link to choose a new password: {{link}}\n\nIt works once, for one hour.',
        },
        fr: {
          subject: 'Réinitialiser votre mot de passe Civitas',
          body: 'Bonjour {{name}},\n\nOuvrez ce lien pour choisir un nouveau mot de passe : {{link}}\n\nIl ne fonctionne qu’une fois, pendant une heure.',
        },
      },
    },
  },
  'registry.certificate-ready': {
    variables: ['trackingId'],
    sensitive: false,
    text: {
      sms: {
        en: { body: 'The certificate for record {{trackingId}} is ready to collect.' },
        fr: { body: "L'acte de l'enregistrement {{trackingId}} est prêt à être retiré." },
      },
    },
  },
};
