/** The statistics screen as a part of its own, fetched the first time the user opens it. */
import { lazy, Suspense } from 'react';
import { useT } from '../../i18n/language';

const StatisticsPage = lazy(() => import('./statistics-page').then((module) => ({ default: module.StatisticsPage })));

export function StatisticsRoute() {
  const t = useT();
  return (
    <Suspense fallback={<p>{t('loading')}</p>}>
      <StatisticsPage />
    </Suspense>
  );
}
