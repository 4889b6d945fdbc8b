/**
 * The advanced search: event type, status, people's names by role, date ranges, area and office. The criteria
 * live in the address, so the results survive a reload and the way back from a record.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { advancedSearch } from '../../api/search';
import { useLanguage, useT } from '../../i18n/language';
import { navigate, useQueryString } from '../../router';
import { useAsync } from '../../use-async';
import { api } from '../session/session';
import { ErrorNote } from '../shell/error-note';
import { AdvancedSearchForm } from './advanced-search-form';
import { formToCriteria, formToQuery, hasCriteria, queryToForm, type CriteriaForm } from './criteria-url';
import { ResultsTable } from './results-table';
import { loadSearchLabels } from './search-labels';

const PAGE = 20;

export function AdvancedSearchPage() {
  const t = useT();
  const lang = useLanguage();
  const search = useQueryString();
  const submitted = queryToForm(search);
  const offset = Math.max(0, Number(new URLSearchParams(search).get('offset')) || 0);
  const [form, setForm] = useState<CriteriaForm>(submitted);
  const labels = useAsync(() => loadSearchLabels(lang, t), [lang]);
  const [tooBroad, setTooBroad] = useState(false);

  // Back and forward move between searches: the form shows the one in the address.
  useEffect(() => setForm(queryToForm(search)), [search]);

  const subjectRole = (eventType: string) =>
    labels.data?.rolesOf.get(eventType || [...(labels.data?.rolesOf.keys() ?? [])][0] || '')?.[0] ?? '';
  const results = useAsync(async () => {
    if (!hasCriteria(submitted) || !labels.data) return undefined;
    return advancedSearch(api, formToCriteria(submitted, subjectRole(submitted.eventType)), PAGE, offset);
  }, [search, labels.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTooBroad(!hasCriteria(form));
    if (hasCriteria(form)) navigate(`/search/advanced?${formToQuery(form)}`);
  };

  return (
    <section aria-labelledby="advanced-title">
      <h1 id="advanced-title">{t('search-advanced')}</h1>
      <AdvancedSearchForm form={form} labels={labels.data} onChange={setForm} onSubmit={submit} />
      {tooBroad && (
        <p className="warning" role="alert">
          {t('search-give-criterion')}
        </p>
      )}
      {results.error !== undefined && <ErrorNote error={results.error} retry={results.reload} />}
      {results.loading && hasCriteria(submitted) && <p>{t('loading')}</p>}
      {results.data && !results.loading && (
        <ResultsTable
          results={results.data}
          labels={labels.data}
          offset={offset}
          pageSize={PAGE}
          onPage={(next) => navigate(`/search/advanced?${formToQuery(submitted)}&offset=${next}`)}
        />
      )}
    </section>
  );
}
