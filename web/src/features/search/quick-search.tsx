/**
 * The search box of the header: a tracking ID, registration number, identity or phone number, or a name. It opens
 * the search page with the query in the address, so the results can be reloaded and gone back to.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useT } from '../../i18n/language';
import { navigate, usePath, useQueryString } from '../../router';
import './quick-search.css';

export function QuickSearch() {
  const t = useT();
  const [text, setText] = useState('');
  const path = usePath();
  const query = useQueryString();
  // On the results, the box shows what they are for, ready to refine.
  useEffect(() => {
    if (path === '/search') setText(new URLSearchParams(query).get('q') ?? '');
  }, [path, query]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    if (q) navigate(`/search?${new URLSearchParams({ q })}`);
  };
  return (
    <form className="quick-search" role="search" onSubmit={submit}>
      <label htmlFor="quick-search" className="visually-hidden">
        {t('search-label')}
      </label>
      <input
        id="quick-search"
        type="search"
        enterKeyHint="search"
        placeholder={t('search-placeholder')}
        value={text}
        maxLength={200}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit">{t('search')}</button>
    </form>
  );
}
