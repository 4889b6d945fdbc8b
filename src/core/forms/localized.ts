/** Text in each of the country's languages: `{ en: 'Birth', fr: 'Naissance' }`. */
import { z } from 'zod';

const LANGUAGE = /^[a-z]{2}$/;

export const Localized = z
  .record(z.string(), z.string().trim().min(1, 'is empty'))
  .superRefine((texts, ctx) => {
    const languages = Object.keys(texts);
    if (languages.length === 0) ctx.addIssue({ code: 'custom', message: 'give the text in at least one language' });
    for (const language of languages)
      if (!LANGUAGE.test(language))
        ctx.addIssue({
          code: 'custom',
          path: [language],
          message: `"${language}" is not a language: use its two-letter lower-case code (en, fr)`,
        });
  })
  .describe('Text per language, keyed by two-letter code: { en: Birth, fr: Naissance }');
export type Localized = z.infer<typeof Localized>;
