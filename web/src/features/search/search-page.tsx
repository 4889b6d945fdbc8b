/** The quick search's results (`/search?q=...`), a page at a time, with a way to the advanced search. */
import { quickSearch } from '../../api/search';
import { useLanguage, useT } from '../../i18n/language';
import { Link, navigate, useQueryString } from '../../router';
import { useAsync } from '../../use-async';
import { api } from '../session/session';
import { ErrorNote } from '../shell/error-note';
import { ResultsTable } from './results-table';
import { loadSearchLabels } from './search-labels';

const PAGE = 20;

export function SearchPage() {
  const t = useT();
  const lang = useLanguage();
  const query = new URLSearchParams(useQueryString());
  const q = query.get('q')?.trim() ?? '';
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const results = useAsync(async () => (q ? quickSearch(api, q, PAGE, offset) : undefined), [q, offset]);
  const labels = useAsync(() => loadSearchLabels(lang, t), [lang]);

  return (
    <section aria-labelledby="search-title">
      <div className="page-head">
        <h1 id="search-title">{q ? t('search-results-for', { q }) : t('search')}</h1>
        <Link href="/search/advanced">{t('search-advanced')}</Link>
      </div>
      {!q && <p className="muted">{t('search-help')}</p>}
      {results.error !== undefined && <ErrorNote error={results.error} retry={results.reload} />}
      {results.loading && <p>{t('loading')}</p>}
      {results.data && !results.loading && (
        <ResultsTable
          results={results.data}
          labels={labels.data}
          offset={offset}
          pageSize={PAGE}
          onPage={(next) => navigate(`/search?${new URLSearchParams({ q, offset: String(next) })}`)}
        />
      )}
    </section>
  );
}
