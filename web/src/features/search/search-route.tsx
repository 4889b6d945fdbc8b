/** The search pages as a part of their own, fetched the first time the user searches. */
import { lazy, Suspense } from 'react';
import { useT } from '../../i18n/language';

const SearchScreens = lazy(() => import('./search-screens').then((module) => ({ default: module.SearchScreens })));

export function SearchRoute({ path }: { path: string }) {
  const t = useT();
  return (
    <Suspense fallback={<p>{t('loading')}</p>}>
      <SearchScreens path={path} />
    </Suspense>
  );
}
