/** The language of the app's own texts and of the configured labels: the user's, else the browser's. */
import { useSyncExternalStore } from 'react';
import type { Localized } from '../api/types';
import { ENGLISH, type Language, type TextKey } from './texts';

export const LANGUAGES: readonly Language[] = ['en', 'fr'];
const STORED = 'civitas.language';

function initial(): Language {
  const stored = localStorage.getItem(STORED);
  if (stored === 'en' || stored === 'fr') return stored;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

let language: Language = initial();
const listeners = new Set<() => void>();
/** English ships with the first load; another language is fetched when chosen (the service worker keeps it). */
const loaded: Partial<Record<Language, Readonly<Record<TextKey, string>>>> = { en: ENGLISH };

async function load(lang: Language): Promise<void> {
  if (!loaded[lang]) loaded.fr = (await import('./texts-fr')).fr;
}

/** Resolves once the texts of the first language are here; the app renders after it. */
export const languageReady: Promise<void> = load(language).then(
  () => void (document.documentElement.lang = language),
  () => void (language = 'en'),
);

export function setLanguage(next: string, remember = false): void {
  const chosen: Language = next === 'fr' ? 'fr' : 'en';
  if (remember) localStorage.setItem(STORED, chosen);
  void load(chosen).then(() => {
    if (chosen === language) return;
    language = chosen;
    document.documentElement.lang = chosen;
    listeners.forEach((listener) => listener());
  });
}

/** The user's own choice on this device wins over their account's language. */
export function setAccountLanguage(accountLanguage: string): void {
  if (!localStorage.getItem(STORED)) setLanguage(accountLanguage);
}

export function useLanguage(): Language {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => language,
  );
}

export type Translate = (key: TextKey, params?: Readonly<Record<string, string | number>>) => string;

export function translate(lang: Language, key: TextKey, params?: Readonly<Record<string, string | number>>): string {
  const text: string = loaded[lang]?.[key] ?? ENGLISH[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text;
}

export function useT(): Translate {
  const lang = useLanguage();
  return (key, params) => translate(lang, key, params);
}

/** A configured label in the language, else English, else whichever it has. */
export function pick(texts: Localized | undefined, lang: string): string {
  if (!texts) return '';
  return texts[lang] ?? texts.en ?? Object.values(texts)[0] ?? '';
}
