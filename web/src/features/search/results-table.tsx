/** Search results: each record with its names by role, status, dates and area, linked to the record page. */
import type { SearchResults } from '../../api/search';
import { useLanguage, useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { Link } from '../../router';
import { knownLocation } from '../locations/locations-client';
import { useResolvedPlaces } from '../locations/use-known-locations';
import { formatDate } from '../shell/format';
import type { SearchLabels } from './search-labels';

export interface ResultsProps {
  readonly results: SearchResults;
  readonly labels: SearchLabels | undefined;
  readonly offset: number;
  readonly pageSize: number;
  readonly onPage: (offset: number) => void;
}

export function ResultsTable({ results, labels, offset, pageSize, onPage }: ResultsProps) {
  const t = useT();
  const lang = useLanguage();
  useResolvedPlaces(results.items.flatMap((hit) => (hit.area ? [{ type: 'area' as const, code: hit.area }] : [])));
  const areaName = (code: string | null) => (code && knownLocation('area', code)?.name) ?? code ?? '';
  if (results.total === 0) return <p className="empty">{t('search-none')}</p>;
  // Past 1,000 matches the server stops counting: "1–20 of 1000+ records", and the pages go on.
  const atLeast = results.totalIsLowerBound === true;
  const last = atLeast ? offset + results.items.length : Math.min(results.total, offset + results.items.length);
  const more = atLeast ? results.items.length === pageSize : last < results.total;
  return (
    <>
      <p role="status" data-testid="search-count">
        {t('search-count', { from: offset + 1, to: last, total: atLeast ? `${results.total}+` : results.total })}
      </p>
      <table className="queue results" aria-label={t('search-results')}>
        <thead>
          <tr>
            <th scope="col">{t('tracking-id')}</th>
            <th scope="col">{t('search-names')}</th>
            <th scope="col">{t('event')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('search-event-date')}</th>
            <th scope="col">{t('area')}</th>
          </tr>
        </thead>
        <tbody>
          {results.items.map((hit) => (
            <tr key={hit.recordId}>
              <td>
                <Link href={`/records/${hit.recordId}`}>{hit.trackingId}</Link>
                {hit.registrationNumber && <div className="muted">{hit.registrationNumber}</div>}
              </td>
              <td>
                {Object.entries(hit.names).map(([role, name]) => (
                  <div key={role}>
                    <span className="muted">{labels?.roles.get(role) ?? role}: </span>
                    {name}
                  </div>
                ))}
              </td>
              <td>{labels?.events.get(hit.eventType) ?? hit.eventType}</td>
              <td>
                <span className={`badge status-${hit.status.toLowerCase()}`}>
                  {t(`status-${hit.status}` as TextKey)}
                </span>
                {hit.flags.includes('POTENTIAL_DUPLICATE') && <span className="badge flag">{t('flag-duplicate')}</span>}
              </td>
              <td>{hit.eventDate ? formatDate(hit.eventDate, lang) : ''}</td>
              <td>{areaName(hit.area)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {results.total > pageSize && (
        <nav className="row" aria-label={t('search-pages')}>
          <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - pageSize))}>
            {t('search-previous')}
          </button>
          <button type="button" disabled={!more} onClick={() => onPage(offset + pageSize)}>
            {t('search-next')}
          </button>
        </nav>
      )}
    </>
  );
}
