/** Registration offices, optionally those of one area, with a way to add one and to edit each. */
import { useState } from 'react';
import { listOfficePage } from '../../api/admin';
import { useT } from '../../i18n/language';
import { Link } from '../../router';
import { useAsync } from '../../use-async';
import { AreaField } from '../locations/area-field';
import { knownLocation } from '../locations/locations-client';
import { useResolvedPlaces } from '../locations/use-known-locations';
import { api } from '../session/session';
import { ErrorNote } from '../shell/error-note';

const PAGE = 100;

export function OfficesPage() {
  const t = useT();
  const [area, setArea] = useState('');
  const [shown, setShown] = useState(PAGE);
  const offices = useAsync(
    () => listOfficePage(api, { limit: shown, offset: 0, ...(area ? { area } : {}) }),
    [area, shown],
  );
  useResolvedPlaces(
    (offices.data?.items ?? []).flatMap((office) => office.areaPath.map((code) => ({ type: 'area' as const, code }))),
  );
  const areaName = (code: string) => knownLocation('area', code)?.name ?? code;

  return (
    <section aria-labelledby="offices-title">
      <div className="page-head">
        <h2 id="offices-title">{t('admin-offices')}</h2>
        <Link className="button primary" href="/admin/offices/new">
          {t('admin-new-office')}
        </Link>
      </div>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label={t('admin-filter-offices')}>
        <AreaField id="filter-area" label={t('area')} value={area} onChange={setArea} hint={t('admin-any-area')} />
      </form>
      {offices.error !== undefined && <ErrorNote error={offices.error} retry={offices.reload} />}
      {offices.data && offices.data.items.length === 0 && <p className="empty">{t('admin-no-offices')}</p>}
      {offices.data && offices.data.items.length > 0 && (
        <table className="queue" aria-labelledby="offices-title">
          <thead>
            <tr>
              <th scope="col">{t('admin-office-name')}</th>
              <th scope="col">{t('admin-code')}</th>
              <th scope="col">{t('area')}</th>
            </tr>
          </thead>
          <tbody>
            {offices.data.items.map((office) => (
              <tr key={office.code}>
                <td>
                  <Link href={`/admin/offices/${encodeURIComponent(office.code)}`}>{office.name}</Link>
                </td>
                <td>{office.code}</td>
                <td>
                  {[...office.areaPath]
                    .reverse()
                    .map((code) => areaName(code))
                    .join(' › ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {offices.data && offices.data.total > offices.data.items.length && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('show-more')}
        </button>
      )}
      {offices.loading && !offices.data && <p>{t('loading')}</p>}
    </section>
  );
}
