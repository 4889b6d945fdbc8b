/** English or French: the app's texts and the forms' labels (the configuration gives both). */
import { LANGUAGES, setLanguage, useLanguage, useT } from '../../i18n/language';

export function LanguageSwitch() {
  const language = useLanguage();
  const t = useT();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('language')}</span>
      <select value={language} onChange={(event) => setLanguage(event.target.value, true)}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {code === 'en' ? 'English' : 'Français'}
          </option>
        ))}
      </select>
    </label>
  );
}
