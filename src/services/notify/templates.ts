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
    variables: ['name', 'username', 'code', 'minutes'],
    sensitive: true,
    text: {
      sms: {
        en: {
          body: 'Civitas password reset for {{username}}: code {{code}}, valid {{minutes}} minutes. Never share it.',
        },
        fr: {
          body: 'Réinitialisation Civitas pour {{username}} : code {{code}}, valable {{minutes}} minutes. Ne le partagez jamais.',
        },
      },
      email: {
        en: {
          subject: 'Reset your Civitas password',
          body: 'Hello {{name}},\n\nTo choose a new password for {{username}}, enter this code: {{code}}\n\nIt works once, for {{minutes}} minutes. If you did not ask for it, tell your administrator.',
        },
        fr: {
          subject: 'Réinitialiser votre mot de passe Civitas',
          body: 'Bonjour {{name}},\n\nPour choisir un nouveau mot de passe pour {{username}}, saisissez ce code : {{code}}\n\nIl ne fonctionne qu’une fois, pendant {{minutes}} minutes. Si vous ne l’avez pas demandé, prévenez votre administrateur.',
        },
      },
    },
  },
  'auth.invitation': {
    variables: ['name', 'username', 'code', 'minutes'],
    sensitive: true,
    text: {
      sms: {
        en: {
          body: 'Welcome to Civitas, {{name}}. User {{username}}, code {{code}} to set your password. Never share it.',
        },
        fr: {
          body: 'Bienvenue dans Civitas, {{name}}. Utilisateur {{username}}, code {{code}} pour choisir votre mot de passe.',
        },
      },
      email: {
        en: {
          subject: 'Your Civitas account',
          body: 'Hello {{name}},\n\nAn account was made for you: {{username}}. To choose your password, enter this code: {{code}}\n\nIt works once, for {{minutes}} minutes.',
        },
        fr: {
          subject: 'Votre compte Civitas',
          body: 'Bonjour {{name}},\n\nUn compte a été créé pour vous : {{username}}. Pour choisir votre mot de passe, saisissez ce code : {{code}}\n\nIl ne fonctionne qu’une fois, pendant {{minutes}} minutes.',
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
