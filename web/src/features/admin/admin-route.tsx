/** The administration screens as a part of their own, fetched the first time the user opens them. */
import { lazy, Suspense } from 'react';
import { useT } from '../../i18n/language';

const AdminScreens = lazy(() => import('./admin-screens').then((module) => ({ default: module.AdminScreens })));

export function AdminRoute({ path }: { path: string }) {
  const t = useT();
  return (
    <Suspense fallback={<p>{t('loading')}</p>}>
      <AdminScreens path={path} />
    </Suspense>
  );
}
